import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { UploadTarget } from '../../src/storage/storage.port.js';

/**
 * Posts a file to an upload target as a browser form would, streamed from disk through node:http: fetch with
 * a FormData of `fs.openAsBlob` streams too, but undici copies every chunk and leaves the copies to the
 * garbage collector, which lets the RSS grow by about the file's size before a major collection.
 */
export async function postUploadFromDisk(target: Pick<UploadTarget, 'url' | 'fields'>, path: string, contentType: string): Promise<number> {
  const boundary = `cartable-${randomUUID()}`;
  const head = Buffer.from(
    Object.entries(target.fields)
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="document.pdf"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const { size } = await stat(path);
  const request = httpRequest(target.url, {
    method: 'POST',
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': head.length + size + tail.length,
    },
  });
  const response = once(request, 'response') as Promise<[IncomingMessage]>;
  await pipeline(async function* () {
    yield head;
    yield* createReadStream(path);
    yield tail;
  }, request);
  const [answer] = await response;
  answer.resume();
  return answer.statusCode ?? 0;
}

/** PUTs bytes `start` to `end` (inclusive) of a file to a part's URL, streamed from disk through node:http. */
export async function putPartFromDisk(url: string, path: string, start: number, end: number): Promise<number> {
  const request = httpRequest(url, { method: 'PUT', headers: { 'content-length': end - start + 1 } });
  const response = once(request, 'response') as Promise<[IncomingMessage]>;
  await pipeline(createReadStream(path, { start, end }), request);
  const [answer] = await response;
  answer.resume();
  return answer.statusCode ?? 0;
}
