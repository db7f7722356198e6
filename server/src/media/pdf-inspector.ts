import { open } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { concurrencyLimit } from '../common/concurrency.js';
import { PdfRejectedError } from './errors.js';
import { encodeThumbnail, MAX_INPUT_PIXELS, THUMBNAIL_WIDTH } from './image-processor.js';
import type { PdfWorkerInput, PdfWorkerMessage } from './pdf-inspector.protocol.js';
import { checkInflatedSizes } from './pdf-stream-scan.js';

export interface PdfInspectionOptions {
  /** Pages whose text is extracted; the rest are counted only. Default 2,000. */
  maxPages?: number;
  /** Width of the page-1 thumbnail, in pixels. Default 480. */
  thumbnailWidth?: number;
  /** Hard limit for opening, reading and rendering the PDF; beyond, PDF_TOO_COMPLEX. Default 60 s. */
  timeLimitMs?: number;
  /** What one Flate stream may inflate to (pdf-stream-scan.ts); beyond, PDF_TOO_COMPLEX. Default 128 MiB. */
  maxStreamBytes?: number;
  /** What all the Flate streams of the file may inflate to; beyond, PDF_TOO_COMPLEX. Default 1 GiB. */
  maxInflatedBytes?: number;
  /**
   * Memory of the worker thread: its V8 heap and its array buffers (decoded streams, images), watched
   * while it runs; beyond (and the process' RSS grown as much), the worker is terminated:
   * PDF_TOO_COMPLEX. Also its V8 old generation limit. Default 512 MiB.
   */
  memoryLimitMb?: number;
}

export interface PdfInspection {
  pageCount: number;
  /** Pages 1 to min(pageCount, maxPages), in order; text with blanks collapsed, one line per text line. */
  pages: { number: number; text: string }[];
  thumbnail: { data: Buffer; width: number; height: number; contentType: 'image/webp' };
}

const DEFAULT_MAX_PAGES = 2_000;
const DEFAULT_TIME_LIMIT_MS = 60_000;
const MiB = 1_048_576;
const DEFAULT_MAX_STREAM_BYTES = 128 * MiB;
const DEFAULT_MAX_INFLATED_BYTES = 1_024 * MiB;
const DEFAULT_MEMORY_LIMIT_MB = 512;
/** How often the worker's memory is read (it answers even in the middle of a synchronous decode). */
const MEMORY_WATCH_INTERVAL_MS = 25;
/**
 * pdfjs reads the file by chunks of this size, on demand only (contiguous chunks in one read). Small,
 * because opening a document reads one chunk per page object to check the page count.
 */
const RANGE_CHUNK_SIZE = 16 * 1024;
/** See PdfWorkerInput.reopenAfterBytes and the worker's inspect(): bounds the file data held at once. */
const REOPEN_AFTER_BYTES = 8 * 1024 * 1024;
/** A small young generation keeps garbage (pdfjs allocates a lot, and briefly) from inflating the memory for long. */
const WORKER_YOUNG_GENERATION_MB = 8;

/*
 * The worker is TypeScript run directly by Node (type stripping) in tests and development, and the
 * compiled .js next to this file in production.
 */
const WORKER_URL = new URL(`./pdf-inspector.worker${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url);

function positiveInteger(value: number, name: string, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(`${name} must be an integer between 1 and ${max}`);
  }
  return value;
}

/**
 * Counts the pages of a PDF on disk, extracts their text and renders page 1 as a WebP thumbnail.
 *
 * The file is never loaded whole: pdfjs reads the byte ranges it needs through a file descriptor
 * (16 KiB chunks, no prefetching, the document reopened when the data it holds exceeds a budget), in
 * a worker thread so that parsing never blocks the event loop and the time limit is enforced by
 * terminating the thread. Nothing is fetched from the network (fonts, CMaps, anything); the standard
 * fonts come from the pdfjs-dist package folder.
 *
 * Throws PdfRejectedError (code BAD_USER_INPUT) with reason NOT_A_PDF, ENCRYPTED_PDF (needs a password
 * to open), CORRUPT_PDF, EMPTY_PDF or PDF_TOO_COMPLEX (time or memory limit, or
 * Flate streams inflating beyond their caps — measured before parsing, see pdf-stream-scan.ts).
 */
export async function inspectPdf(filePath: string, options: PdfInspectionOptions = {}): Promise<PdfInspection> {
  const maxPages = positiveInteger(options.maxPages ?? DEFAULT_MAX_PAGES, 'maxPages', 100_000);
  const thumbnailWidth = positiveInteger(options.thumbnailWidth ?? THUMBNAIL_WIDTH, 'thumbnailWidth', 4_096);
  const timeLimitMs = positiveInteger(options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS, 'timeLimitMs', 3_600_000);
  const inflation = {
    maxStreamBytes: positiveInteger(options.maxStreamBytes ?? DEFAULT_MAX_STREAM_BYTES, 'maxStreamBytes', Number.MAX_SAFE_INTEGER),
    maxDocumentBytes: positiveInteger(options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES, 'maxInflatedBytes', Number.MAX_SAFE_INTEGER),
  };
  const memoryLimitMb = positiveInteger(options.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB, 'memoryLimitMb', 65_536);
  const deadline = Date.now() + timeLimitMs;

  const handle = await open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    const header = Buffer.alloc(5);
    const { bytesRead } = await handle.read(header, 0, 5, 0);
    if (bytesRead < 5 || header.toString('latin1') !== '%PDF-') throw new PdfRejectedError('NOT_A_PDF');
    await checkInflatedSizes(handle, size, inflation, deadline);

    const result = await runWorker(
      {
        fd: handle.fd,
        size,
        maxPages,
        thumbnailWidth,
        rangeChunkSize: RANGE_CHUNK_SIZE,
        reopenAfterBytes: REOPEN_AFTER_BYTES,
        maxImagePixels: MAX_INPUT_PIXELS,
      },
      deadline - Date.now(),
      memoryLimitMb,
    );
    const thumbnail = await encodeThumbnail(result.thumbnail, { maxWidth: thumbnailWidth });
    return { pageCount: result.pageCount, pages: result.pages, thumbnail };
  } finally {
    await handle.close();
  }
}

interface WorkerResult {
  pageCount: number;
  pages: { number: number; text: string }[];
  thumbnail: { data: Uint8Array; width: number; height: number };
}

/**
 * Runs one inspection in a fresh worker; resolves once the worker is gone (it no longer uses the fd).
 * `resourceLimits` bound its V8 heap only: the array buffers pdfjs decodes streams and images into live
 * outside it, so the worker's memory (heap and array buffers) is read every few milliseconds, and the
 * worker terminated beyond `memoryLimitMb` — whatever filter or construct made it grow — when the
 * process' resident memory grew as much since the worker started. Both, because the worker's figure
 * counts address space, not pages: pdfjs allocates a buffer the size of the file at each opening and
 * fills only the chunks it reads (a 200 MB scan shows 650 MiB of array buffers for 60 MB resident).
 */
async function runWorker(input: PdfWorkerInput, timeLimitMs: number, memoryLimitMb: number): Promise<WorkerResult> {
  const worker = new Worker(WORKER_URL, {
    workerData: input,
    // Not the parent's flags (test runner hooks, inspector): the worker needs none.
    execArgv: [],
    resourceLimits: {
      maxOldGenerationSizeMb: memoryLimitMb,
      maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB,
    },
    stdout: true,
    stderr: true,
  });
  // pdfjs logs through console: drop it (verbosity is already at errors only).
  worker.stdout.resume();
  worker.stderr.resume();

  let pageCount = 0;
  const pages: WorkerResult['pages'] = [];
  let thumbnail: WorkerResult['thumbnail'] | undefined;

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new PdfRejectedError('PDF_TOO_COMPLEX', `time limit of ${timeLimitMs} ms reached`)),
        Math.max(0, timeLimitMs),
      );
      const limit = memoryLimitMb * MiB;
      const baseline = process.memoryUsage.rss();
      const watch = setInterval(() => {
        worker.getHeapStatistics().then(
          (heap) => {
            const used = heap.used_heap_size + heap.external_memory;
            const growth = process.memoryUsage.rss() - baseline;
            if (used > limit && growth > limit) {
              settle(
                new PdfRejectedError(
                  'PDF_TOO_COMPLEX',
                  `memory limit of ${memoryLimitMb} MiB reached (${Math.round(used / MiB)} MiB, RSS +${Math.round(growth / MiB)} MiB)`,
                ),
              );
            }
          },
          () => undefined, // the worker is exiting
        );
      }, MEMORY_WATCH_INTERVAL_MS);
      const settle = (error?: Error) => {
        clearTimeout(timer);
        clearInterval(watch);
        if (error) reject(error);
        else resolve();
      };
      worker.on('message', (message: PdfWorkerMessage) => {
        switch (message.type) {
          case 'opened':
            pageCount = message.pageCount;
            break;
          case 'page':
            pages.push({ number: message.number, text: message.text });
            break;
          case 'thumbnail':
            thumbnail = { data: message.data, width: message.width, height: message.height };
            break;
          case 'done':
            settle(thumbnail ? undefined : new Error('PDF worker finished without a thumbnail'));
            break;
          case 'rejected':
            settle(new PdfRejectedError(message.reason, message.detail));
            break;
          case 'failed':
            settle(new Error(`PDF inspection failed: ${message.message}`));
            break;
        }
      });
      worker.on('error', (error: Error & { code?: string }) => {
        settle(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new PdfRejectedError('PDF_TOO_COMPLEX', error.message)
            : new Error(`PDF worker crashed: ${error.message}`, { cause: error }),
        );
      });
      worker.on('exit', (code) => settle(new Error(`PDF worker exited early (code ${code})`)));
    });
  } finally {
    await worker.terminate();
  }
  return { pageCount, pages, thumbnail: thumbnail! };
}

export type InspectPdf = (filePath: string) => Promise<PdfInspection>;

export interface PdfInspectionSettings extends Pick<PdfInspectionOptions, 'maxStreamBytes' | 'maxInflatedBytes' | 'memoryLimitMb'> {
  /** Inspections run at once (PDF_INSPECTIONS, one per core by default); the others wait their turn. */
  concurrency: number;
}

/** The queue of PDF inspections: each one is a worker thread of up to `memoryLimitMb` and a core. */
export interface PdfInspections {
  /**
   * Runs `task` once one of the `concurrency` slots is free (first come, first served), with `inspect`
   * to inspect files within the slot under the queue's limits.
   */
  run<Result>(task: (inspect: InspectPdf) => Promise<Result>): Promise<Result>;
}

export function createPdfInspections(settings: PdfInspectionSettings): PdfInspections {
  const { concurrency, ...limits } = settings;
  const slot = concurrencyLimit(positiveInteger(concurrency, 'concurrency', 1_024));
  const inspect: InspectPdf = (filePath) => inspectPdf(filePath, limits);
  return { run: (task) => slot(() => task(inspect)) };
}
