import type { FileHandle } from 'node:fs/promises';
import { pipeline, Readable } from 'node:stream';
import { createInflate } from 'node:zlib';
import { PdfRejectedError } from './errors.js';

/**
 * Measures what a PDF's Flate streams inflate to, before pdf.js parses the file, without holding the
 * inflated bytes: a 1 MB stream of compressed zeros inflates to 1 GiB, which pdf.js would decode into
 * one buffer (doubling it as it grows) before any other limit applies.
 *
 * Every stream of a PDF sits in the file itself (a stream object can never be inside an object
 * stream), after the keyword `stream` and an end of line, as pdf.js' parser finds it. The scan looks
 * for that keyword anywhere in the file (not only where the cross-reference table points, which
 * pdf.js may rebuild), and inflates with zlib's streaming inflater, discarding the output, whatever
 * starts with a zlib header as pdf.js' FlateStream accepts it (deflate, good check bits, no preset
 * dictionary) — so a lying or indirect `/Filter` cannot hide a Flate stream. A Flate stream inside
 * another ([/FlateDecode /FlateDecode]) is inflated and counted too. Decoding stops at the end of the
 * zlib stream; a damaged one stops where zlib gives up (pdf.js stops there as well).
 *
 * Other filters (LZW, run length, image codecs) are not measured here: the worker's memory watchdog
 * bounds what they produce (see pdf-inspector.ts).
 */

export interface InflationLimits {
  /** Inflated bytes of one stream (its nested Flate layers included). */
  maxStreamBytes: number;
  /** Inflated bytes of all the streams of the document. */
  maxDocumentBytes: number;
}

const SCAN_CHUNK = 1024 * 1024;
const READ_CHUNK = 64 * 1024;
const KEYWORD = Buffer.from('stream', 'latin1');
/** Bytes looked at after the keyword for the end of line and the zlib header. */
const LOOKAHEAD = 256;
/** Flate layers inflated inside one another. */
const MAX_NESTING = 4;

/** PDF white-space and delimiter characters: what may surround a keyword. */
const SEPARATORS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

/** A zlib header as pdf.js' FlateStream accepts it. */
const isZlibHeader = (cmf: number | undefined, flg: number | undefined) =>
  cmf !== undefined && flg !== undefined && (cmf & 0x0f) === 0x08 && ((cmf << 8) + flg) % 31 === 0 && (flg & 0x20) === 0;

/** Where the data of a stream starts: after the end of line that follows the keyword (pdf.js' `skipToNextLine`). */
function dataStart(after: Buffer): number | null {
  for (let index = 0; index < after.length; index++) {
    if (after[index] === 0x0a) return index + 1;
    if (after[index] === 0x0d) return after[index + 1] === 0x0a ? index + 2 : index + 1;
  }
  return null;
}

/** Inflated bytes counted so far, in the current stream and in the document. */
class Tally {
  private document = 0;
  private stream = 0;

  constructor(private readonly limits: InflationLimits) {}

  startStream(): void {
    this.stream = 0;
  }

  add(bytes: number): void {
    this.stream += bytes;
    this.document += bytes;
    if (this.stream > this.limits.maxStreamBytes) {
      throw new PdfRejectedError('PDF_TOO_COMPLEX', `a stream inflates to more than ${this.limits.maxStreamBytes} bytes`);
    }
    if (this.document > this.limits.maxDocumentBytes) {
      throw new PdfRejectedError('PDF_TOO_COMPLEX', `the streams inflate to more than ${this.limits.maxDocumentBytes} bytes`);
    }
  }
}

async function* fileFrom(handle: FileHandle, position: number, size: number): AsyncGenerator<Buffer> {
  while (position < size) {
    const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(READ_CHUNK), 0, READ_CHUNK, position);
    if (bytesRead === 0) return;
    position += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}

async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield first;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

/** Inflates `compressed` (a zlib stream, followed by anything), counting the output and that of nested layers. */
async function inflate(compressed: AsyncIterable<Buffer>, tally: Tally, depth: number): Promise<void> {
  const inflater = createInflate();
  pipeline(Readable.from(compressed), inflater, () => undefined);
  const output = inflater[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  try {
    let first: Buffer | undefined;
    for (let next = await output.next(); !next.done; next = await output.next()) {
      tally.add(next.value.length);
      first = first ? Buffer.concat([first, next.value]) : next.value;
      if (first.length >= 2) break;
    }
    if (first && depth < MAX_NESTING && isZlibHeader(first[0], first[1])) {
      const counted = async function* () {
        for (let next = await output.next(); !next.done; next = await output.next()) {
          tally.add(next.value.length);
          yield next.value;
        }
      };
      await inflate(prepend(first, counted()), tally, depth + 1);
    } else {
      for (let next = await output.next(); !next.done; next = await output.next()) tally.add(next.value.length);
    }
  } catch (error) {
    // Not deflate data after all, or damaged: pdf.js stops decoding there too.
    if (error instanceof PdfRejectedError) throw error;
  } finally {
    inflater.destroy();
  }
}

/**
 * Throws PdfRejectedError PDF_TOO_COMPLEX when a stream of the file inflates to more than
 * `maxStreamBytes`, all of them to more than `maxDocumentBytes`, or the scan runs past `deadline`
 * (a file made of countless tiny streams). Memory: a few chunks, whatever the file.
 */
export async function checkInflatedSizes(handle: FileHandle, size: number, limits: InflationLimits, deadline: number): Promise<void> {
  const tally = new Tally(limits);
  const window = Buffer.alloc(1 + SCAN_CHUNK + LOOKAHEAD);
  for (let position = 0; position < size; position += SCAN_CHUNK) {
    // From the byte before the chunk (what precedes a keyword at its start) to a look-ahead past its end.
    const base = Math.max(0, position - 1);
    const { bytesRead } = await handle.read(window, 0, window.length, base);
    const view = window.subarray(0, bytesRead);
    const end = position + SCAN_CHUNK - base;
    for (let at = view.indexOf(KEYWORD, position - base); at !== -1 && at < end; at = view.indexOf(KEYWORD, at + 1)) {
      const after = at + KEYWORD.length;
      const separated = (at === 0 || SEPARATORS.has(view[at - 1]!)) && (after === view.length || SEPARATORS.has(view[after]!));
      if (!separated) continue;
      const lookahead = view.subarray(after, after + LOOKAHEAD);
      const start = dataStart(lookahead);
      if (start === null || !isZlibHeader(lookahead[start], lookahead[start + 1])) continue;
      if (Date.now() > deadline) throw new PdfRejectedError('PDF_TOO_COMPLEX', 'time limit reached while measuring the streams');
      tally.startStream();
      await inflate(fileFrom(handle, base + after + start, size), tally, 1);
    }
  }
}
