import { randomUUID } from 'node:crypto';
import { link, open, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive } from './processes.js';

/** `<file>.<pid>.<uuid>.partial`: the writer's process id tells a later start whether it is gone. */
const partialName = /^(.+?)\.(?:(\d+)\.)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.partial$/;

async function syncPath(target: string): Promise<void> {
  const handle = await open(target, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Publishes a file whole or not at all, whatever kills the process (or the machine) meanwhile: the bytes
 * go to `<file>.<pid>.<uuid>.partial`, are flushed to disk, then the partial file is renamed over `file`
 * and the directory flushed. With `exclusive`, an existing `file` is kept (the partial is linked, which
 * fails when the name exists, then removed) and false is returned. A crash can only leave a partial file
 * behind, which `removeStalePartials` deletes at the next start.
 */
export async function writeFileAtomically(
  file: string,
  data: string | Uint8Array,
  options: { mode: number; exclusive?: boolean },
): Promise<boolean> {
  const partial = `${file}.${process.pid}.${randomUUID()}.partial`;
  let published = true;
  try {
    const handle = await open(partial, 'wx', options.mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.exclusive) {
      published = await link(partial, file).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'EEXIST') return false;
          throw error;
        },
      );
      await unlink(partial);
    } else {
      await rename(partial, file);
    }
  } catch (error) {
    await unlink(partial).catch(() => undefined);
    throw error;
  }
  // The new name is durable once its directory entry is.
  if (published) await syncPath(path.dirname(file));
  return published;
}

/**
 * At start-up: deletes the partial files of `directory` (of `file` only, when given) left by writers that
 * died mid-write: their process is gone or, with `ownProcess`, had this very process id (a container
 * restarts with the same one; only for a directory this process has not written to yet). Returns the names
 * deleted.
 */
export async function removeStalePartials(directory: string, options: { file?: string; ownProcess?: boolean } = {}): Promise<string[]> {
  const names = await readdir(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const stale = names.filter((name) => {
    const match = partialName.exec(name);
    if (!match || (options.file !== undefined && match[1] !== options.file)) return false;
    const pid = match[2] === undefined ? undefined : Number(match[2]);
    return pid === undefined || (pid === process.pid ? options.ownProcess === true : !isProcessAlive(pid));
  });
  await Promise.all(stale.map((name) => unlink(path.join(directory, name)).catch(() => undefined)));
  return stale;
}
