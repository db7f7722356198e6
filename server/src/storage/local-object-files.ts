import { randomUUID } from 'node:crypto';
import { mkdir, rename } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

const keyPattern = /^[A-Za-z0-9._/-]{1,1024}$/;

export class InvalidStorageKeyError extends Error {
  constructor(key: string) {
    super(`invalid storage key ${JSON.stringify(key.slice(0, 200))}`);
    this.name = 'InvalidStorageKeyError';
  }
}

/** The files of the local adapter, shared with its router. Every key is validated before use. */
export class LocalObjectFiles {
  private readonly objectsDirectory: string;
  private readonly tempDirectory: string;

  constructor(directory: string) {
    this.objectsDirectory = resolve(directory, 'objects');
    this.tempDirectory = resolve(directory, 'tmp');
  }

  /** Relative, `/`-separated, `[A-Za-z0-9._/-]` only, no empty, `.` or `..` segment. */
  pathOf(key: string): string {
    if (!keyPattern.test(key) || key.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
      throw new InvalidStorageKeyError(key);
    }
    const path = join(this.objectsDirectory, key);
    if (!path.startsWith(this.objectsDirectory + sep)) throw new InvalidStorageKeyError(key);
    return path;
  }

  /** A fresh path on the objects' file system, so that `commit` is an atomic rename. */
  async tempPath(): Promise<string> {
    await mkdir(this.tempDirectory, { recursive: true });
    return join(this.tempDirectory, randomUUID());
  }

  /** Moves a complete temp file into place: readers see the old object or the new one, never a part. */
  async commit(tempPath: string, key: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    await rename(tempPath, path);
  }
}
