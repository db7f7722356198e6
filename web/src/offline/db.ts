import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { AnnotationInput, LibraryDocumentFieldsFragment, MeetingQuery } from '../graphql/generated/graphql.ts';

/** A meeting kept for offline reading: the answer of the meeting query, as of `savedAt`. */
export interface OfflineMeeting {
  key: string;
  owner: string;
  savedAt: string;
  data: MeetingQuery;
}

/** A library document kept for offline reading (« Disponible hors ligne »), as of `savedAt`. */
export interface OfflineLibraryDocument {
  key: string;
  owner: string;
  savedAt: string;
  data: LibraryDocumentFieldsFragment;
}

/** A convocation receipt: the meeting opened, or its receipt acknowledged (accusé de réception). */
export type ReceiptOperation = { kind: 'opened' | 'acknowledge'; bodyId: string; meetingId: string };

/** A change waiting for the network (an annotation, a receipt), in the order it was made. */
export type PendingOperation =
  | { kind: 'save'; bodyId: string; input: AnnotationInput }
  | { kind: 'delete'; bodyId: string; annotationId: string; documentId: string }
  | ReceiptOperation;

export interface PendingEntry {
  seq?: number;
  owner: string;
  createdAt: string;
  operation: PendingOperation;
}

/** A change the server refused (its rules, not the network): kept to be shown, never retried. */
export interface RejectedEntry extends PendingEntry {
  message: string;
}

interface CartableDb extends DBSchema {
  meetings: { key: string; value: OfflineMeeting; indexes: { owner: string } };
  files: { key: string; value: { key: string; owner: string; blob: Blob } };
  pending: { key: number; value: PendingEntry; indexes: { owner: string } };
  rejected: { key: number; value: RejectedEntry; indexes: { owner: string } };
  library: { key: string; value: OfflineLibraryDocument; indexes: { owner: string } };
}

let database: Promise<IDBPDatabase<CartableDb>> | undefined;

/** The app's IndexedDB; every record names its owner (the account), so a shared device keeps them apart. */
export function offlineDb(): Promise<IDBPDatabase<CartableDb>> {
  database ??= openDB<CartableDb>('cartable', 2, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('meetings', { keyPath: 'key' }).createIndex('owner', 'owner');
        db.createObjectStore('files', { keyPath: 'key' });
        db.createObjectStore('pending', { keyPath: 'seq', autoIncrement: true }).createIndex('owner', 'owner');
        db.createObjectStore('rejected', { keyPath: 'seq', autoIncrement: true }).createIndex('owner', 'owner');
      }
      // Version 2: the library's documents kept offline.
      if (oldVersion < 2) db.createObjectStore('library', { keyPath: 'key' }).createIndex('owner', 'owner');
    },
  });
  return database;
}

export const meetingKey = (owner: string, slug: string, meetingId: string) => `${owner}:${slug}:${meetingId}`;
export const libraryKey = (owner: string, slug: string, documentId: string) => `${owner}:${slug}:${documentId}`;
export const fileKey = (owner: string, versionId: string) => `${owner}:${versionId}`;
