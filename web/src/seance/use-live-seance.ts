import { useEffect, useRef, useState } from 'react';
import { useApp } from '../app/app-context.ts';
import { followLive, type LiveStatus } from './live-channel.ts';
import { eventStreamTransport } from './sse.ts';

/**
 * Follows a séance's live channel while the screen is shown: `refresh` reads the séance again on each
 * (re)connection — the catch-up — and on each event, never two at once (a burst of events while one
 * read is under way gives one more read). Offline, the channel is given up at once (the screen says
 * so); back online, it reconnects at once.
 */
export function useLiveSeance(url: string | null, refresh: () => Promise<unknown>): LiveStatus {
  const { session } = useApp();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;

  useEffect(() => {
    if (!url) return;
    let running = false;
    let again = false;
    const read = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          await refreshRef.current().catch(() => undefined);
        } while (again);
      } finally {
        running = false;
      }
    };
    const headers = async (): Promise<Record<string, string>> => {
      const token = await session.accessToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    };
    const live = followLive(eventStreamTransport(url, headers), { onStatus: setStatus, onChange: () => void read() });
    const online = () => live.retryNow();
    const offline = () => live.drop();
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      live.stop();
    };
  }, [url, session]);

  return status;
}
