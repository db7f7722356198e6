import { crc32, createDeflate, deflateSync } from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function greyscaleHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bits per sample
  ihdr[9] = 0; // greyscale; compression, filter and interlace methods 0
  return pngChunk('IHDR', ihdr);
}

/**
 * A valid, fully decodable black greyscale PNG of `width` × `height` pixels, written by streaming the
 * compressor over identical rows: a 20,000 × 20,000 image (400 megapixels) weighs about 400 kB.
 */
export async function createUniformPng(width: number, height: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 6 });
  const compressed: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => compressed.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  const rowsPerWrite = 64;
  const rows = Buffer.alloc((width + 1) * rowsPerWrite); // each row: filter type 0, then zeros
  for (let written = 0; written < height; written += rowsPerWrite) {
    const count = Math.min(rowsPerWrite, height - written);
    const ok = deflate.write(count === rowsPerWrite ? rows : rows.subarray(0, (width + 1) * count));
    if (!ok) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await ended;
  return Buffer.concat([
    PNG_SIGNATURE,
    greyscaleHeader(width, height),
    pngChunk('IDAT', Buffer.concat(compressed)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A PNG header declaring `width` × `height` pixels followed by the data of its first rows only: a file
 * of a few kilobytes that a decoder would have to allocate the whole image for.
 */
export function createTruncatedPng(width: number, height: number): Buffer {
  const firstRows = deflateSync(Buffer.alloc((width + 1) * 4));
  return Buffer.concat([PNG_SIGNATURE, greyscaleHeader(width, height), pngChunk('IDAT', firstRows), pngChunk('IEND', Buffer.alloc(0))]);
}
