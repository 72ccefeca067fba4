import { createHash } from 'node:crypto';

/** Changes whenever a page's recipe does: for image URLs, and to notice an edit during OCR. */
export function imageVersionOf(recipe: string | null): string {
  return createHash('sha256').update(recipe ?? '').digest('hex').slice(0, 12);
}

/** Document code = mã hồ sơ + the ordinal padded to 7 digits (domain.md §3). */
export function documentCode(fileCode: string, ordinal: number): string {
  return `${fileCode}.${String(ordinal).padStart(7, '0')}`;
}
