// Files people download: one CSV writer (one formula guard, one separator, BOM and line ending, so
// every spreadsheet export opens the same way in Excel) and one way to send a file with a safe
// Content-Disposition header (RFC 6266: an ASCII fallback name plus the exact UTF-8 name).
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** Excel in German settings splits on semicolons; the BOM tells it the file is UTF-8. */
export const CSV_SEPARATOR = ';';
const BOM = '\uFEFF';
/** A cell starting with one of these runs as a formula in a spreadsheet (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvValue = string | number | null | undefined;

export interface CsvOptions {
  /**
   * 'always' quotes every cell (what the support network's export has always done); 'needed' quotes
   * only cells holding a separator, a quote or a line break (the directory's export, which its own
   * importer reads back).
   */
  quote?: 'always' | 'needed';
}

/** One cell: a leading = + - @ tab or CR gets an apostrophe, so it stays text. */
export function csvCell(value: CsvValue, options: CsvOptions = {}): string {
  const raw = value === null || value === undefined ? '' : String(value);
  const text = FORMULA_START.test(raw) ? `'${raw}` : raw;
  const quote = options.quote ?? 'always';
  if (quote === 'needed' && !/[;"\r\n]/.test(text)) return text;
  return `"${text.replace(/"/g, '""')}"`;
}

/** The lines of a file one by one (the first carries the BOM), for streaming exports. */
export function csvLine(row: ReadonlyArray<CsvValue>, first = false, options: CsvOptions = {}): string {
  return `${first ? BOM : ''}${row.map((v) => csvCell(v, options)).join(CSV_SEPARATOR)}\r\n`;
}

/** A whole file: BOM, one line per row separated by CRLF, and a final CRLF. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<CsvValue>>, options: CsvOptions = {}): string {
  return `${BOM}${rows.map((row) => row.map((v) => csvCell(v, options)).join(CSV_SEPARATOR)).join('\r\n')}\r\n`;
}

/**
 * `attachment; filename="…"; filename*=UTF-8''…`. The quoted name keeps only safe ASCII (anything
 * else becomes "_", so no quote, backslash or line break can end the header or the parameter);
 * filename* carries the real name percent-encoded for every current browser.
 */
export function contentDisposition(filename: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const cleaned = filename.replace(/[\p{Cc}/\\]/gu, '').trim() || 'download';
  const fallback = cleaned.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9._ -]/g, '_');
  const encoded = encodeURIComponent(cleaned).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return fallback === cleaned ? `${disposition}; filename="${fallback}"` : `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export interface Download {
  filename: string;
  /** Content type; text types get "; charset=utf-8" when they carry none. */
  type: string;
  /** A stream for large files: sent as it is produced, so a big export never sits in memory at once. */
  body: string | Buffer | Readable;
  /** Shown in the browser (calendars) rather than saved. */
  inline?: boolean;
  /** Personal files are never kept by caches (the default); public ones may say otherwise. */
  cacheControl?: string;
}

export function sendDownload(reply: FastifyReply, download: Download): FastifyReply {
  const textual = /^(text\/|application\/(json|xml)|image\/svg\+xml)/.test(download.type);
  const type = textual && !/charset=/i.test(download.type) ? `${download.type}; charset=utf-8` : download.type;
  return reply
    .header('content-type', type)
    .header('content-disposition', contentDisposition(download.filename, download.inline ? 'inline' : 'attachment'))
    .header('cache-control', download.cacheControl ?? 'no-store')
    .send(download.body);
}
