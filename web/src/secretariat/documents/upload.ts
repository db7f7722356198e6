import { messages } from '../messages.ts';
import { UserFacingError } from '../../ui/error-message.ts';

const m = messages.secretariat.upload;

/** What went wrong with an upload, each with its French message (`UploadError.message`). */
export type UploadFailure = 'NOT_PDF' | 'EMPTY' | 'TOO_LARGE' | 'EXPIRED' | 'REFUSED' | 'NETWORK' | 'ABORTED' | 'STORAGE';

export class UploadError extends UserFacingError {
  constructor(
    readonly failure: UploadFailure,
    message: string,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

/** A direct upload authorised by the API (`requestDocumentUpload`). */
export interface UploadTarget {
  url: string;
  fields: readonly { name: string; value: string }[];
  maxBytes: number;
}

/** The storage's refusal (S3's XML error, which the local storage imitates) as a typed French error. */
export function storageRefusal(status: number, body: string): UploadError {
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? '';
  const expired = /expir/i.test(/<Message>([^<]*)<\/Message>/.exec(body)?.[1] ?? '');
  if (code === 'EntityTooLarge') return new UploadError('TOO_LARGE', m.tooLarge);
  if (code === 'EntityTooSmall') return new UploadError('EMPTY', m.empty);
  if (code === 'AccessDenied' && expired) return new UploadError('EXPIRED', m.expired);
  if (code === 'AccessDenied' || status === 403) return new UploadError('REFUSED', m.refused);
  return new UploadError('STORAGE', m.storage(code || `HTTP ${status}`));
}

/** What the browser can check before asking the API: a PDF, not empty, not larger than the limit. */
export function checkFile(file: { name: string; type: string; size: number }, maxBytes?: number): UploadError | null {
  const pdf = file.type === 'application/pdf' || (file.type === '' && file.name.toLowerCase().endsWith('.pdf'));
  if (!pdf) return new UploadError('NOT_PDF', m.notPdf);
  if (file.size === 0) return new UploadError('EMPTY', m.empty);
  if (maxBytes !== undefined && file.size > maxBytes) return new UploadError('TOO_LARGE', m.tooLarge);
  return null;
}

/**
 * Sends a body straight to storage with XMLHttpRequest (fetch reports no upload progress), reporting
 * the fraction of the body sent; resolves on a 2xx answer, rejects with a typed `UploadError`.
 */
function sendWithProgress(
  method: 'POST' | 'PUT',
  url: string,
  body: Blob | FormData,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new UploadError('ABORTED', m.aborted));
      return;
    }
    const request = new XMLHttpRequest();
    request.open(method, url);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) {
        onProgress(1);
        resolve();
      } else {
        reject(storageRefusal(request.status, request.responseText));
      }
    };
    request.onerror = () => reject(new UploadError('NETWORK', m.network));
    // Aborted by us (cancel, or a pause), or by the browser: a request cut off, as a network error is.
    request.onabort = () => reject(signal?.aborted ? new UploadError('ABORTED', m.aborted) : new UploadError('NETWORK', m.network));
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    request.send(body);
  });
}

/** POSTs the file straight to storage (multipart: the ticket's fields in order, then `file`). */
export function sendToStorage(
  target: UploadTarget,
  file: Blob,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  const form = new FormData();
  for (const field of target.fields) form.append(field.name, field.value);
  form.append('file', file);
  return sendWithProgress('POST', target.url, form, onProgress, signal);
}

/** PUTs one part of an upload in parts to its URL (signed for exactly the part's size). */
export function sendPart(url: string, part: Blob, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<void> {
  return sendWithProgress('PUT', url, part, onProgress, signal);
}
