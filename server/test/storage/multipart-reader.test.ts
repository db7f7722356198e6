import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MalformedMultipartError, MultipartReader, multipartBoundary } from '../../src/storage/multipart-reader.js';

const boundary = '----cartable7MA4YWxkTrZu0gW';

function body(
  parts: { name: string; fileName?: string; type?: string; data: Buffer | string }[],
  preamble = '',
): Buffer {
  const pieces: Buffer[] = [Buffer.from(preamble)];
  for (const part of parts) {
    const fileName = part.fileName === undefined ? '' : `; filename="${part.fileName}"`;
    const type = part.type ? `\r\nContent-Type: ${part.type}` : '';
    pieces.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${fileName}${type}\r\n\r\n`),
    );
    pieces.push(Buffer.from(part.data));
    pieces.push(Buffer.from('\r\n'));
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(pieces);
}

async function* inChunks(data: Buffer, size: number) {
  for (let offset = 0; offset < data.length; offset += size) yield data.subarray(offset, offset + size);
}

async function readAll(source: AsyncIterable<Buffer>) {
  const reader = new MultipartReader(source, boundary);
  const parts: { name: string; fileName: string | null; contentType: string | null; data: Buffer }[] = [];
  for (let part = await reader.nextPart(); part; part = await reader.nextPart()) {
    const chunks: Buffer[] = [];
    for await (const chunk of reader.body()) chunks.push(Buffer.from(chunk));
    parts.push({ ...part, data: Buffer.concat(chunks) });
  }
  return parts;
}

describe('multipartBoundary', () => {
  it('reads a bare or quoted boundary of multipart/form-data only', () => {
    expect(multipartBoundary(`multipart/form-data; boundary=${boundary}`)).toBe(boundary);
    expect(multipartBoundary('Multipart/Form-Data; charset=utf-8; boundary="a b:c"')).toBe('a b:c');
    expect(multipartBoundary('multipart/mixed; boundary=x')).toBeNull();
    expect(multipartBoundary('application/json')).toBeNull();
    expect(multipartBoundary(undefined)).toBeNull();
  });
});

describe('MultipartReader', () => {
  // File data that almost contains the delimiter, to catch look-behind mistakes at chunk edges.
  const tricky = Buffer.concat([
    randomBytes(3000),
    Buffer.from(`\r\n--${boundary.slice(0, -1)}X\r\n--${boundary.slice(0, 5)}\r\n\r\n--`),
    randomBytes(2000),
    Buffer.from('\r\n-'),
  ]);
  const payload = body(
    [
      { name: 'key', data: 'body-1/doc.pdf' },
      { name: 'Content-Type', data: 'application/pdf' },
      { name: 'file', fileName: 'délibération.pdf', type: 'application/pdf', data: tricky },
    ],
    'a preamble to ignore\r\n',
  );

  it.each([1, 2, 7, 64, 1000, 65536])('yields the same parts whatever the chunk size (%i bytes)', async (size) => {
    const parts = await readAll(inChunks(payload, size));
    expect(parts.map(({ name, fileName, contentType }) => ({ name, fileName, contentType }))).toEqual([
      { name: 'key', fileName: null, contentType: null },
      { name: 'Content-Type', fileName: null, contentType: null },
      { name: 'file', fileName: 'délibération.pdf', contentType: 'application/pdf' },
    ]);
    expect(parts[0]!.data.toString()).toBe('body-1/doc.pdf');
    expect(parts[2]!.data.equals(tricky)).toBe(true);
  });

  it('skips the unread rest of a part when moving to the next one', async () => {
    const reader = new MultipartReader(inChunks(payload, 100), boundary);
    expect((await reader.nextPart())?.name).toBe('key');
    expect((await reader.nextPart())?.name).toBe('Content-Type');
    expect((await reader.nextPart())?.name).toBe('file');
    expect(await reader.nextPart()).toBeNull();
  });

  it('refuses a truncated body and an oversized field', async () => {
    await expect(readAll(inChunks(payload.subarray(0, payload.length - 40), 512))).rejects.toThrow(
      MalformedMultipartError,
    );
    const reader = new MultipartReader(inChunks(payload, 512), boundary);
    await reader.nextPart();
    await expect(reader.text(4)).rejects.toThrow(MalformedMultipartError);
  });

  it('refuses a part without a name', async () => {
    const bad = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${boundary}--\r\n`);
    await expect(readAll(inChunks(bad, 10))).rejects.toThrow(MalformedMultipartError);
  });
});
