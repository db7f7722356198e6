import { useEffect, useRef } from 'react';
import { useApp } from '../app/app-context.ts';
import { enqueueReceipt } from '../offline/sync-queue.ts';
import { usePendingOperations } from '../offline/use-queue.ts';

/**
 * The convocation's receipts, both through the offline queue (sent at once when online, at the return
 * of the network otherwise): "opened" the first time the meeting is shown — once per display, the
 * server keeping the first — and the explicit acknowledgement.
 */
export function useReceipts(bodyId: string, meetingId: string, mine: { firstOpenedAt?: string | null } | null | undefined) {
  const { owner } = useApp();
  const pending = usePendingOperations();
  const requested = useRef<string | null>(null);

  useEffect(() => {
    if (!mine || mine.firstOpenedAt || requested.current === meetingId) return;
    requested.current = meetingId;
    void enqueueReceipt(owner, { kind: 'opened', bodyId, meetingId });
  }, [mine, owner, bodyId, meetingId]);

  return {
    acknowledgePending: pending.some(({ operation }) => operation.kind === 'acknowledge' && operation.meetingId === meetingId),
    acknowledge: () => enqueueReceipt(owner, { kind: 'acknowledge', bodyId, meetingId }),
  };
}
