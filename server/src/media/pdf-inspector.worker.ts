/*
 * Worker thread of pdf-inspector.ts: opens a PDF with pdfjs through byte-range reads of a file
 * descriptor owned by the main thread, posts each page's text as it goes, then a rendering of page 1.
 *
 * pdfjs runs its "worker" on the calling thread in Node and parses in long synchronous stretches, so it
 * lives here rather than on the server's event loop: a hostile or huge document can neither stall
 * requests nor outlive its time limit (the main thread terminates this thread).
 *
 * This file runs as type-stripped TypeScript in development: erasable syntax only, and no runtime
 * import from this folder (types only).
 */
import { read } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { createCanvas } from '@napi-rs/canvas';
import {
  getDocument,
  PasswordException,
  PDFDataRangeTransport,
  type PDFDocumentLoadingTask,
  type PDFDocumentProxy,
  type PDFPageProxy,
} from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PdfWorkerInput, PdfWorkerMessage, PdfWorkerRejection } from './pdf-inspector.protocol.js';

/** Text kept per page, and over the whole document; beyond, text is dropped (abusive documents). */
const MAX_PAGE_TEXT = 100_000;
const MAX_TOTAL_TEXT = 10_000_000;

const port = parentPort!;
const input = workerData as PdfWorkerInput;

/** The package's own folders, read from disk: never a URL, nothing fetched from the network. */
const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const STANDARD_FONTS = `${pdfjsRoot}/standard_fonts/`;
const WASM = `${pdfjsRoot}/wasm/`;

function post(message: PdfWorkerMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

class Rejection extends Error {
  readonly reason: PdfWorkerRejection;
  constructor(reason: PdfWorkerRejection, detail: string) {
    super(detail);
    this.reason = reason;
  }
}

/** Failing to serve the file's bytes to pdfjs: an internal error, not the user's fault. */
class TransportFailure extends Error {}

/** Reads [begin, end) of the file into a buffer of its own (pdfjs takes ownership of it). */
function readRange(fd: number, begin: number, end: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(end - begin);
  return new Promise((resolve, reject) => {
    const next = (offset: number) => {
      if (offset === buffer.length) return resolve(buffer);
      read(fd, buffer, offset, buffer.length - offset, begin + offset, (error, bytesRead) => {
        if (error) return reject(error);
        // The file shrank under us: hand over what exists, pdfjs will report the document as damaged.
        if (bytesRead === 0) return resolve(buffer.subarray(0, offset));
        next(offset + bytesRead);
      });
    };
    next(0);
  });
}

/** Serves pdfjs' range requests from the file descriptor; counts what it hands over. */
class FileRangeTransport extends PDFDataRangeTransport {
  bytesRead = 0;
  #closed = false;
  readonly #fd: number;
  readonly #onFailure: (error: Error) => void;

  constructor(fd: number, length: number, onFailure: (error: Error) => void) {
    super(length, null);
    this.#fd = fd;
    this.#onFailure = onFailure;
  }

  override requestDataRange(begin: number, end: number): void {
    readRange(this.#fd, begin, end).then(
      (chunk) => {
        if (this.#closed) return;
        this.bytesRead += chunk.byteLength;
        try {
          this.onDataRange(begin, chunk);
        } catch (error) {
          this.#onFailure(new TransportFailure(`range ${begin}-${end}: ${describe(error)}`));
        }
      },
      (error: Error) => {
        if (!this.#closed) this.#onFailure(new TransportFailure(`read ${begin}-${end}: ${error.message}`));
      },
    );
  }

  override abort(): void {
    this.#closed = true;
  }
}

/** One opening of the document; several per inspection when a lot of data had to be read. */
class OpenedDocument {
  readonly task: PDFDocumentLoadingTask;
  readonly transport: FileRangeTransport;
  readonly #failed: Promise<never>;

  constructor() {
    let fail!: (error: Error) => void;
    this.#failed = new Promise<never>((_, reject) => (fail = reject));
    this.#failed.catch(() => {});
    this.transport = new FileRangeTransport(input.fd, input.size, (error) => fail(error));
    this.task = getDocument({
      range: this.transport,
      rangeChunkSize: input.rangeChunkSize,
      disableAutoFetch: true,
      disableStream: true,
      disableFontFace: true,
      useSystemFonts: false,
      useWorkerFetch: false,
      standardFontDataUrl: STANDARD_FONTS,
      wasmUrl: WASM,
      maxImageSize: input.maxImagePixels,
      enableXfa: false,
      verbosity: 0,
    });
  }

  /** Awaits a pdfjs promise, unless a read of the file failed meanwhile. */
  guard<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.#failed]);
  }

  async open(): Promise<PDFDocumentProxy> {
    try {
      return await this.guard(this.task.promise);
    } catch (error) {
      if (error instanceof TransportFailure) throw error;
      if (error instanceof PasswordException) throw new Rejection('ENCRYPTED_PDF', error.message);
      // Encrypted by a security handler pdfjs does not support (e.g. certificates): protected all the same.
      if (/unknown encryption method|unsupported encryption algorithm/i.test(describe(error))) {
        throw new Rejection('ENCRYPTED_PDF', describe(error));
      }
      throw new Rejection('CORRUPT_PDF', describe(error));
    }
  }

  async destroy(): Promise<void> {
    await this.task.destroy();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Joins text items (line ends kept), collapses blanks, drops control characters. */
function normaliseText(items: readonly unknown[]): string {
  let raw = '';
  for (const item of items) {
    const { str, hasEOL } = item as { str?: unknown; hasEOL?: unknown };
    if (typeof str !== 'string') continue;
    raw += str;
    if (hasEOL === true) raw += '\n';
  }
  return raw
    .toWellFormed()
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\ufeff]/g, ' ')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

async function pageText(doc: OpenedDocument, page: PDFPageProxy): Promise<string> {
  const content = await doc.guard(page.getTextContent());
  return normaliseText(content.items).slice(0, MAX_PAGE_TEXT);
}

/** Renders the page `thumbnailWidth` wide (height bounded to 4 × the width), on white. */
async function renderThumbnail(doc: OpenedDocument, page: PDFPageProxy): Promise<void> {
  const unit = page.getViewport({ scale: 1 });
  let width = input.thumbnailWidth;
  let height = Math.max(1, Math.round((unit.height * width) / unit.width));
  if (height > 4 * width) {
    height = 4 * width;
    width = Math.max(1, Math.round((unit.width * height) / unit.height));
  }
  const viewport = page.getViewport({ scale: width / unit.width });
  const canvas = createCanvas(width, height);
  const task = page.render({ canvas: canvas as never, viewport, background: 'rgb(255,255,255)' });
  await doc.guard(task.promise);
  const pixels = canvas.getContext('2d').getImageData(0, 0, width, height);
  // A copy in a buffer of our own, which can be transferred (the canvas' may be native memory).
  const data = new Uint8Array(pixels.data);
  post({ type: 'thumbnail', data, width, height }, [data.buffer]);
}

/** Runs `use` on one page, then releases the page's resources; failures mean a damaged document. */
async function withPage<T>(
  doc: OpenedDocument,
  proxy: PDFDocumentProxy,
  number: number,
  use: (page: PDFPageProxy) => Promise<T>,
): Promise<T> {
  let page: PDFPageProxy | undefined;
  try {
    page = await doc.guard(proxy.getPage(number));
    return await use(page);
  } catch (error) {
    if (error instanceof TransportFailure || error instanceof Rejection) throw error;
    throw new Rejection('CORRUPT_PDF', `page ${number}: ${describe(error)}`);
  } finally {
    page?.cleanup();
  }
}

/**
 * Reads the pages in order, reopening the document whenever the file data pdfjs holds grows too much:
 * pdfjs keeps every chunk it loaded until the document is destroyed, and loads whole image streams even
 * to extract text (to learn that an XObject is an image), so a scanned document would otherwise end up
 * entirely in memory. Opening has a cost of its own (the xref, and every page object, which pdfjs
 * reads to check the page count): the document is reopened once the data read for pages exceeds both
 * the budget and that cost.
 */
async function inspect(): Promise<void> {
  let next = 1;
  let pagesToRead = 1;
  let openings = 0;
  let totalText = 0;
  while (next <= pagesToRead) {
    const doc = new OpenedDocument();
    openings++;
    try {
      const proxy = await doc.open();
      const openingCost = doc.transport.bytesRead;
      if (openings === 1) {
        const pageCount = proxy.numPages;
        if (!Number.isInteger(pageCount) || pageCount < 1) throw new Rejection('EMPTY_PDF', `numPages ${pageCount}`);
        post({ type: 'opened', pageCount });
        pagesToRead = Math.min(pageCount, input.maxPages);
      }
      for (; next <= pagesToRead; next++) {
        const number = next;
        const text = await withPage(doc, proxy, number, async (page) => {
          const extracted = totalText < MAX_TOTAL_TEXT ? await pageText(doc, page) : '';
          if (number === 1) await renderThumbnail(doc, page);
          return extracted;
        });
        totalText += text.length;
        post({ type: 'page', number, text });
        const readForPages = doc.transport.bytesRead - openingCost;
        if (number < pagesToRead && readForPages >= Math.max(input.reopenAfterBytes, openingCost)) {
          next++;
          break;
        }
      }
    } finally {
      await doc.destroy();
    }
  }
  post({ type: 'done' });
}

// The main thread terminates this thread once it has the last message.
inspect().catch((error: unknown) => {
  if (error instanceof Rejection) post({ type: 'rejected', reason: error.reason, detail: error.message });
  else post({ type: 'failed', message: describe(error) });
});
