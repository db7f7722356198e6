import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { LocalObjectFiles } from './local-object-files.js';
import type { StoredPart } from './storage.port.js';

const uploadIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const partFilePattern = /^[1-9][0-9]{0,4}$/;

/** A part that changed, went missing, or was never stored, when completing: named as S3's error. */
export class InvalidPartError extends Error {
  constructor(partNumber: number) {
    super(`part ${partNumber} is not the one listed`);
    this.name = 'InvalidPart';
  }
}

/**
 * The multipart uploads of the local adapter, as S3 keeps them: `<directory>/multipart/<uploadId>/`
 * holds the object key (`key`) and one file per part (`1`, `2`…), each written to a temp file and
 * renamed into place, so that a part is there whole or not at all. Completing concatenates the parts
 * into a temp file and renames it onto the object. A part's tag is its size and modification time: it
 * changes when the part is sent again.
 */
export class LocalMultipartUploads {
  private readonly root: string;

  constructor(
    directory: string,
    private readonly files: LocalObjectFiles,
  ) {
    this.root = resolve(directory, 'multipart');
  }

  async start(key: string): Promise<string> {
    this.files.pathOf(key);
    const uploadId = randomUUID();
    await mkdir(this.directoryOf(uploadId), { recursive: true });
    await writeFile(join(this.directoryOf(uploadId), 'key'), key);
    return uploadId;
  }

  /** Whether `uploadId` is an upload in progress for `key`. */
  async holds(key: string, uploadId: string): Promise<boolean> {
    if (!uploadIdPattern.test(uploadId)) return false;
    const stored = await readFile(join(this.directoryOf(uploadId), 'key'), 'utf8').catch(() => null);
    return stored === key;
  }

  /** Where to write a part before `commitPart` moves it into place. */
  tempPartPath(uploadId: string, partNumber: number): string {
    return join(this.directoryOf(uploadId), `${partNumber}.${randomUUID()}.tmp`);
  }

  async commitPart(tempPath: string, uploadId: string, partNumber: number): Promise<string> {
    const path = join(this.directoryOf(uploadId), String(partNumber));
    await rename(tempPath, path);
    return tagOf(await stat(path));
  }

  async list(key: string, uploadId: string): Promise<StoredPart[] | null> {
    if (!(await this.holds(key, uploadId))) return null;
    const names = (await readdir(this.directoryOf(uploadId))).filter((name) => partFilePattern.test(name));
    const parts = await Promise.all(
      names.map(async (name) => {
        const stats = await stat(join(this.directoryOf(uploadId), name));
        return { partNumber: Number(name), size: stats.size, etag: tagOf(stats) };
      }),
    );
    return parts.sort((left, right) => left.partNumber - right.partNumber);
  }

  /** Joins the listed parts, in order, into the object; refuses when a part is not the one listed. */
  async complete(key: string, uploadId: string, parts: readonly StoredPart[]): Promise<void> {
    const stored = new Map((await this.list(key, uploadId))?.map((part) => [part.partNumber, part.etag]));
    for (const part of parts) {
      if (stored.get(part.partNumber) !== part.etag) throw new InvalidPartError(part.partNumber);
    }
    const temp = await this.files.tempPath();
    try {
      const directory = this.directoryOf(uploadId);
      await pipeline(
        async function* concatenate() {
          for (const part of parts) yield* createReadStream(join(directory, String(part.partNumber)));
        },
        createWriteStream(temp, { flush: true }),
      );
      await this.files.commit(temp, key);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    await rm(this.directoryOf(uploadId), { recursive: true, force: true });
  }

  async abort(key: string, uploadId: string): Promise<void> {
    if (await this.holds(key, uploadId)) await rm(this.directoryOf(uploadId), { recursive: true, force: true });
  }

  private directoryOf(uploadId: string): string {
    if (!uploadIdPattern.test(uploadId)) throw new Error(`invalid multipart upload id ${JSON.stringify(uploadId.slice(0, 100))}`);
    return join(this.root, uploadId);
  }
}

const tagOf = (stats: { size: number; mtimeMs: number }) => `"${stats.size}-${Math.round(stats.mtimeMs * 1000)}"`;
