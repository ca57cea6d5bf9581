// A small multipart/form-data reader for the one upload of the network (the vCard file), so no
// upload plugin is needed: fields become strings, the file a Buffer. Limits come from the caller's body limit.
export interface UploadedFile {
  filename: string;
  data: Buffer;
}

export type MultipartBody = Record<string, string | UploadedFile>;

export function boundaryOf(contentType: string | undefined): string | undefined {
  const match = /boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType ?? '');
  return match ? (match[1] ?? match[2]) : undefined;
}

/** Parses the body; throws on a body that is not multipart with this boundary. */
export function parseMultipart(body: Buffer, boundary: string): MultipartBody {
  const result: MultipartBody = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let position = body.indexOf(delimiter);
  if (position < 0) throw new Error('no multipart boundary');
  let parts = 0;
  while (position >= 0) {
    const start = position + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // closing delimiter
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    if (++parts > 20) throw new Error('too many parts');
    // Between delimiters: CRLF, headers, CRLF CRLF, content, CRLF.
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0) {
      const headers = part.subarray(0, split).toString('utf8');
      const content = part.subarray(split + 4);
      const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
      const name = /\bname="([^"]{1,100})"/i.exec(disposition)?.[1];
      const filename = /\bfilename="([^"]{0,255})"/i.exec(disposition)?.[1];
      if (name && !(name in result)) {
        result[name] = filename !== undefined ? { filename, data: Buffer.from(content) } : content.toString('utf8').slice(0, 10_000);
      }
    }
    position = next;
  }
  return result;
}
