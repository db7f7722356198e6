/** Helpers shared by the storage adapters. */

export interface ByteRange {
  start: number;
  /** Inclusive, as in HTTP `Range: bytes=start-end`. */
  end: number;
}

/** Refuses a range S3 would silently ignore (answering the whole object instead). */
export function assertByteRange(range: ByteRange): void {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(`invalid byte range ${start}-${end}`);
  }
}

/**
 * `Content-Disposition: attachment` with the name proposed to the browser: an ASCII fallback in
 * `filename` and the exact name in `filename*` (RFC 6266 / RFC 8187). Always `attachment`: the local
 * adapter serves objects from the app's own origin, where rendering an uploaded file inline (HTML, SVG)
 * would run it with the app's privileges.
 */
export function attachmentDisposition(fileName: string): string {
  const name = fileName.replace(/[\p{Cc}]/gu, '').trim() || 'document';
  const fallback = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
