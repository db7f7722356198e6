import type { LibraryDocumentFieldsFragment } from '../graphql/generated/graphql.ts';
import { fileKey, libraryKey, offlineDb, type OfflineLibraryDocument } from './db.ts';
import { keepFile } from './meeting-cache.ts';

export async function listOfflineLibrary(owner: string): Promise<OfflineLibraryDocument[]> {
  return (await offlineDb()).getAllFromIndex('library', 'owner', owner);
}

export async function readOfflineLibraryDocument(
  owner: string,
  slug: string,
  documentId: string,
): Promise<OfflineLibraryDocument | undefined> {
  return (await offlineDb()).get('library', libraryKey(owner, slug, documentId));
}

/** « Disponible hors ligne »: the document (its annotations included) and the bytes of its latest version. */
export async function saveLibraryDocumentOffline(owner: string, data: LibraryDocumentFieldsFragment): Promise<OfflineLibraryDocument> {
  const latest = data.document.versions[0];
  if (latest) await keepFile(owner, latest);
  const record: OfflineLibraryDocument = {
    key: libraryKey(owner, data.body.slug, data.document.id),
    owner,
    savedAt: new Date().toISOString(),
    data,
  };
  await (await offlineDb()).put('library', record);
  return record;
}

/** Brings the copies kept offline up to date with a fresh answer (a new version downloaded). */
export async function refreshOfflineLibrary(owner: string, library: readonly LibraryDocumentFieldsFragment[]): Promise<void> {
  const kept = new Set((await listOfflineLibrary(owner)).map((copy) => copy.key));
  for (const entry of library) {
    if (kept.has(libraryKey(owner, entry.body.slug, entry.document.id))) await saveLibraryDocumentOffline(owner, entry);
  }
}

export async function removeOfflineLibraryDocument(owner: string, slug: string, documentId: string): Promise<void> {
  const db = await offlineDb();
  const copy = await db.get('library', libraryKey(owner, slug, documentId));
  if (!copy) return;
  const transaction = db.transaction(['library', 'files'], 'readwrite');
  await Promise.all([
    transaction.objectStore('library').delete(copy.key),
    ...copy.data.document.versions.slice(0, 1).map((version) => transaction.objectStore('files').delete(fileKey(owner, version.id))),
    transaction.done,
  ]);
}
