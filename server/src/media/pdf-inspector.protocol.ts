/*
 * Messages between pdf-inspector.ts and its worker thread. Types only: the worker runs as plain
 * type-stripped TypeScript in development, so it may import nothing but types from this folder.
 */

export interface PdfWorkerInput {
  /** An open, read-only file descriptor owned (and closed) by the main thread. */
  fd: number;
  size: number;
  maxPages: number;
  thumbnailWidth: number;
  /** Bytes per range read (pdfjs' chunk size). */
  rangeChunkSize: number;
  /** Budget of file data held by pdfjs before the document is reopened (pdfjs never frees what it read). */
  reopenAfterBytes: number;
  /** Images above this many pixels are skipped when rendering. */
  maxImagePixels: number;
}

export type PdfWorkerRejection = 'ENCRYPTED_PDF' | 'CORRUPT_PDF' | 'EMPTY_PDF';

export type PdfWorkerMessage =
  | { type: 'opened'; pageCount: number }
  | { type: 'page'; number: number; text: string }
  | { type: 'thumbnail'; data: Uint8Array; width: number; height: number }
  | { type: 'done' }
  | { type: 'rejected'; reason: PdfWorkerRejection; detail: string }
  | { type: 'failed'; message: string };
