import type { MeetingQuery, MyConvocationFieldsFragment } from '../graphql/generated/graphql.ts';
import { fileKey, meetingKey, offlineDb, type OfflineMeeting } from './db.ts';

type MeetingData = NonNullable<MeetingQuery['body']>['meeting'];

/** The version shown of each document: the latest (the API lists versions newest first). */
const latestVersions = (meeting: MeetingData) => meeting.documents.flatMap((document) => document.versions.slice(0, 1));

export async function readOfflineMeeting(owner: string, slug: string, meetingId: string): Promise<OfflineMeeting | undefined> {
  return (await offlineDb()).get('meetings', meetingKey(owner, slug, meetingId));
}

export async function listOfflineMeetings(owner: string): Promise<OfflineMeeting[]> {
  return (await offlineDb()).getAllFromIndex('meetings', 'owner', owner);
}

export async function offlineFile(owner: string, versionId: string): Promise<Blob | undefined> {
  return (await (await offlineDb()).get('files', fileKey(owner, versionId)))?.blob;
}

/** Keeps the bytes of one document version on the device, downloaded whole, once per version. */
export async function keepFile(owner: string, version: { id: string; downloadUrl: string }): Promise<void> {
  const db = await offlineDb();
  const key = fileKey(owner, version.id);
  if (await db.getKey('files', key)) return;
  const response = await fetch(version.downloadUrl, { credentials: 'omit' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  await db.put('files', { key, owner, blob: await response.blob() });
}

/**
 * Keeps a meeting for offline reading: its agenda, documents and the owner's annotations (the query's
 * answer), and the bytes of each document's latest version — downloaded whole, once per version.
 */
export async function saveMeetingOffline(
  owner: string,
  data: MeetingQuery,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<OfflineMeeting> {
  const body = data.body;
  const db = await offlineDb();
  const versions = latestVersions(body.meeting);
  let done = 0;
  onProgress(done, versions.length);
  for (const version of versions) {
    await keepFile(owner, version);
    onProgress((done += 1), versions.length);
  }
  const record: OfflineMeeting = { key: meetingKey(owner, body.slug, body.meeting.id), owner, savedAt: new Date().toISOString(), data };
  await db.put('meetings', record);
  return record;
}

/** Brings an existing offline copy up to date with a fresh answer (new versions downloaded). */
export async function refreshOfflineCopy(owner: string, data: MeetingQuery): Promise<OfflineMeeting | undefined> {
  if (!(await readOfflineMeeting(owner, data.body.slug, data.body.meeting.id))) return undefined;
  return saveMeetingOffline(owner, data);
}

/**
 * The server's latest word on the caller's convocation (opened, acknowledged), written into the offline
 * copy of its meeting, so that the inbox offline does not show a read convocation as new.
 */
export async function updateOfflineConvocation(
  owner: string,
  meetingId: string,
  myConvocation: MyConvocationFieldsFragment,
): Promise<void> {
  const db = await offlineDb();
  for (const copy of await listOfflineMeetings(owner)) {
    const { body } = copy.data;
    if (body.meeting.id !== meetingId) continue;
    await db.put('meetings', { ...copy, data: { ...copy.data, body: { ...body, meeting: { ...body.meeting, myConvocation } } } });
  }
}

export async function removeOfflineMeeting(owner: string, slug: string, meetingId: string): Promise<void> {
  const db = await offlineDb();
  const copy = await db.get('meetings', meetingKey(owner, slug, meetingId));
  if (!copy) return;
  const transaction = db.transaction(['meetings', 'files'], 'readwrite');
  await Promise.all([
    transaction.objectStore('meetings').delete(copy.key),
    ...latestVersions(copy.data.body.meeting).map((version) => transaction.objectStore('files').delete(fileKey(owner, version.id))),
    transaction.done,
  ]);
}
