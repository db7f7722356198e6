/**
 * What a resumable upload decides without the network: which parts to send, how much is already
 * stored, and where a pending upload is remembered across page reloads.
 */

export interface PartsPlan {
  sizeBytes: number;
  partSize: number;
  partCount: number;
}

export interface StoredPart {
  partNumber: number;
  sizeBytes: number;
}

/** The size of part `partNumber`: the part size, the remainder for the last one. */
export function partSizeOf(plan: PartsPlan, partNumber: number): number {
  return partNumber < plan.partCount ? plan.partSize : plan.sizeBytes - (plan.partCount - 1) * plan.partSize;
}

/** The byte range of part `partNumber` in the file, end excluded (for `Blob.slice`). */
export function partRange(plan: PartsPlan, partNumber: number): { start: number; end: number } {
  const start = (partNumber - 1) * plan.partSize;
  return { start, end: start + partSizeOf(plan, partNumber) };
}

/** The parts the storage does not hold whole — missing, or stored with another size — in order. */
export function partsToSend(plan: PartsPlan, stored: readonly StoredPart[]): number[] {
  const whole = new Set(
    stored
      .filter((part) => part.partNumber <= plan.partCount && part.sizeBytes === partSizeOf(plan, part.partNumber))
      .map((part) => part.partNumber),
  );
  return Array.from({ length: plan.partCount }, (_, index) => index + 1).filter((partNumber) => !whole.has(partNumber));
}

/** Bytes already stored whole, for the progress bar of a resumed upload. */
export function storedBytes(plan: PartsPlan, stored: readonly StoredPart[]): number {
  const toSend = new Set(partsToSend(plan, stored));
  return Array.from({ length: plan.partCount }, (_, index) => index + 1)
    .filter((partNumber) => !toSend.has(partNumber))
    .reduce((total, partNumber) => total + partSizeOf(plan, partNumber), 0);
}

/** Splits `items` into groups of at most `size`. */
export function inGroups<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
}

/** What identifies "the same file for the same place" after a reload. */
export interface PendingUploadTarget {
  bodyId: string;
  meetingId: string;
  /** The document a new version is for; none for a new document. */
  documentId?: string | null;
  file: { name: string; size: number; lastModified: number };
}

export interface PendingUploadRecord {
  uploadId: string;
  /** ISO date after which the server refuses the upload. */
  expiresAt: string;
}

const prefix = 'cartable.upload.';

export function pendingUploadKey({ bodyId, meetingId, documentId, file }: PendingUploadTarget): string {
  return `${prefix}${JSON.stringify([bodyId, meetingId, documentId ?? null, file.name, file.size, file.lastModified])}`;
}

/** Storage of the browser (localStorage), or none when it is unavailable (private mode, quota). */
type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function browserStore(): KeyValueStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/**
 * The uploads in parts under way, kept in localStorage so that picking the same file again after a
 * reload resumes it. An expired or unreadable record counts as none.
 */
export function pendingUploads(store: KeyValueStore | null = browserStore(), now: () => number = Date.now) {
  const safely = <T>(action: () => T, fallback: T): T => {
    try {
      return store ? action() : fallback;
    } catch {
      return fallback;
    }
  };
  return {
    find(key: string): PendingUploadRecord | null {
      return safely(() => {
        const record = JSON.parse(store!.getItem(key) ?? 'null') as Partial<PendingUploadRecord> | null;
        if (typeof record?.uploadId !== 'string' || typeof record.expiresAt !== 'string') return null;
        if (!(Date.parse(record.expiresAt) > now())) {
          store!.removeItem(key);
          return null;
        }
        return { uploadId: record.uploadId, expiresAt: record.expiresAt };
      }, null);
    },
    save(key: string, record: PendingUploadRecord): void {
      safely(() => store!.setItem(key, JSON.stringify(record)), undefined);
    },
    forget(key: string): void {
      safely(() => store!.removeItem(key), undefined);
    },
  };
}
