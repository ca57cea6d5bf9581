// Page numbers from a query string and the labels of the pagination links, once for every list.
import { formString } from './forms.ts';
import type { Translator } from './i18n/index.ts';

/** Page numbers beyond this are treated as the first page (no one pages that far; a huge offset costs). */
export const MAX_PAGE = 10_000;

/** "3" → 3; anything else that is not a whole number from 1 to MAX_PAGE → 1. */
export function parsePage(value: unknown): number {
  const text = formString(value).trim();
  const n = Number(text || '1');
  return Number.isInteger(n) && n >= 1 && n <= MAX_PAGE ? n : 1;
}

/** How many pages `total` items fill, at least one. */
export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

/** The texts of the pagination links in the reader's language. */
export function paginationLabels(t: Translator): { nav: string; previous: string; next: string; page: (n: number) => string } {
  return { nav: t('pagination.nav'), previous: t('pagination.previous'), next: t('pagination.next'), page: (n: number) => t('pagination.page', { n }) };
}
