/** Pure helpers of the follow-up screen. */

interface VersionedDocument {
  id: string;
  title: string;
  versions: readonly { uploadedAt: string }[];
}

/** Documents added or replaced after the last send: what a supplement would carry. */
export function changedSinceLastSend<T extends VersionedDocument>(documents: readonly T[], sends: readonly { sentAt: string }[]): T[] {
  const lastSend = Math.max(...sends.map((send) => Date.parse(send.sentAt)));
  if (!Number.isFinite(lastSend)) return [];
  return documents.filter((document) => document.versions.some((version) => Date.parse(version.uploadedAt) > lastSend));
}

interface Answered {
  personId: string;
  displayName: string;
  answer?: { response: string; proxyHolder?: { personId: string } | null } | null;
}

/** For each proxy holder, the names of those whose proxy they hold. */
export function proxiesHeld(rows: readonly Answered[]): Map<string, string[]> {
  const held = new Map<string, string[]>();
  for (const row of rows) {
    const holder = row.answer?.response === 'PROXY' ? row.answer.proxyHolder?.personId : undefined;
    if (holder) held.set(holder, [...(held.get(holder) ?? []), row.displayName]);
  }
  return held;
}

/** Today in a time zone, YYYY-MM-DD (the default posting date of a letter). */
export { today } from '../../ui/calendar.ts';

/**
 * Where a quorum stands: reached; pending while the answers still awaited could reach it (a forecast right
 * after the send, before anyone could answer, is no alarm); missed otherwise. A count with no legal quorum
 * (`required` null) is never missed.
 */
export function quorumOutlook(
  quorum: { reached: boolean | null; counted: number; required: number | null; unanswered: number },
  forecast: boolean,
): 'REACHED' | 'PENDING' | 'MISSED' {
  if (quorum.reached) return 'REACHED';
  if (quorum.required === null || (forecast && quorum.counted + quorum.unanswered >= quorum.required)) return 'PENDING';
  return 'MISSED';
}
