import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startHarness, type TestHarness } from '../helpers/harness.js';

// The live channel over real HTTP (server-sent events need a socket): a harness's app listening on a
// loopback port, and a tablet following a séance (events read with fetch, as the web app does).

/** A harness (jobs off) with its app listening on a loopback port: its origin, and `close` for both. */
export async function startListeningHarness(): Promise<{ harness: TestHarness; origin: string; close: () => Promise<void> }> {
  const harness = await startHarness({ environment: { JOBS_CONCURRENCY: '0' } });
  const server = createServer(harness.runtime.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    harness,
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await harness.close();
    },
  };
}

export interface Received {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
}

/** A tablet following the séance: the events as they arrive, and a way to wait for one. */
export async function followSeance(origin: string, bodyId: string, meetingId: string, token: string | null, lastEventId?: string) {
  const controller = new AbortController();
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (lastEventId) headers['last-event-id'] = lastEventId;
  const response = await fetch(`${origin}/live/seance?bodyId=${bodyId}&meetingId=${meetingId}`, { headers, signal: controller.signal });
  const events: Received[] = [];
  let position: string | null = null;
  const waiters: { until: (events: Received[]) => boolean; resolve: () => void }[] = [];
  if (response.ok) {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const id = block.split('\n').find((line) => line.startsWith('id: '));
            if (id) position = id.slice(4);
            const data = block.split('\n').find((line) => line.startsWith('data: '));
            if (!data) continue;
            events.push(JSON.parse(data.slice(6)) as Received);
            for (const waiter of [...waiters]) {
              if (waiter.until(events)) {
                waiters.splice(waiters.indexOf(waiter), 1);
                waiter.resolve();
              }
            }
          }
        }
      } catch {
        // Aborted.
      }
    })();
  }
  return {
    response,
    events,
    kinds: () => events.map((event) => event.kind),
    /** The SSE id last received: the position to resume from. */
    position: () => position,
    /** Resolves once the events received satisfy `until` (the test's own timeout bounds the wait). */
    waitFor: (until: (events: Received[]) => boolean) =>
      until(events) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ until, resolve })),
    close: () => controller.abort(),
  };
}
