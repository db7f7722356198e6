import type { AttendanceResponse } from '../graphql/generated/graphql.ts';
import type { PendingEntry } from '../offline/db.ts';

/** Where an official stands on one convocation, as the inbox shows it. */
export type ConvocationStatus = 'NEW' | 'READ' | 'ANSWERED' | 'PROXY_GIVEN';

export interface ConvocationState {
  firstOpenedAt?: string | null;
  answer?: { response: AttendanceResponse } | null;
}

/** Null when the official is not convened (a draft seen by its secretariat, a meeting before their seat). */
export function convocationStatus(mine: ConvocationState | null | undefined): ConvocationStatus | null {
  if (!mine) return null;
  if (mine.answer) return mine.answer.response === 'PROXY' ? 'PROXY_GIVEN' : 'ANSWERED';
  return mine.firstOpenedAt ? 'READ' : 'NEW';
}

/** Convened and never opened: in all, and per body (bodies with none are absent from the map). */
export function unreadCounts(meetings: readonly { body: { id: string }; myConvocation?: ConvocationState | null }[]): {
  total: number;
  byBody: Map<string, number>;
} {
  const byBody = new Map<string, number>();
  for (const meeting of meetings) {
    if (!meeting.myConvocation || meeting.myConvocation.firstOpenedAt) continue;
    byBody.set(meeting.body.id, (byBody.get(meeting.body.id) ?? 0) + 1);
  }
  return { total: [...byBody.values()].reduce((sum, count) => sum + count, 0), byBody };
}

/**
 * The meetings as the inbox shows them while receipts wait for the network: a meeting opened offline is
 * read (its « opened » receipt queued), not « Nouvelle » nor counted unread.
 */
export function withPendingReceipts<Meeting extends { id: string; myConvocation?: ConvocationState | null }>(
  meetings: readonly Meeting[],
  pending: readonly PendingEntry[],
): Meeting[] {
  const openedAt = new Map(
    pending.flatMap(({ operation, createdAt }) => (operation.kind === 'opened' ? [[operation.meetingId, createdAt] as const] : [])),
  );
  return meetings.map((meeting) => {
    const opened = openedAt.get(meeting.id);
    if (!opened || !meeting.myConvocation || meeting.myConvocation.firstOpenedAt) return meeting;
    return { ...meeting, myConvocation: { ...meeting.myConvocation, firstOpenedAt: opened } };
  });
}
