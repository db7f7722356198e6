/**
 * A live channel that heals itself: opened through a transport (server-sent events or a GraphQL
 * subscription, the transport does not matter here), reopened after a growing pause when it is lost,
 * and, each time it is (re)opened, a catch-up (the screen reads the séance again) so that nothing that
 * happened while the tablet was away is missed.
 */

/** What the screen shows: connecting the first time, live, or lost and retrying. */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

export interface LiveHandlers {
  /** The channel is open: events will now arrive. */
  onOpen(): void;
  /** Something changed in the séance. */
  onEvent(): void;
  /** The channel closed or failed (network gone, server restarted, token expired). */
  onLost(): void;
}

/** Opens the channel, calls the handlers, and returns how to close it for good. */
export type LiveTransport = (handlers: LiveHandlers) => () => void;

export interface LiveCallbacks {
  onStatus(status: LiveStatus): void;
  /** Read the séance again: on each (re)opening, and on each event. */
  onChange(): void;
}

interface Timers {
  setTimeout(run: () => void, milliseconds: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The pause before the n-th attempt to reopen (0-based): 1 s, 2 s, 4 s, 8 s, then every 15 s. */
export function reconnectDelay(attempt: number): number {
  return Math.min(1_000 * 2 ** attempt, 15_000);
}

/**
 * Follows the channel until `stop`. `retryNow` (on the browser's `online` event) skips the pause of a
 * lost channel; `drop` (on its `offline` event) gives up at once a channel the network no longer carries,
 * which a browser may otherwise keep open in silence.
 */
export function followLive(
  transport: LiveTransport,
  callbacks: LiveCallbacks,
  timers: Timers = globalThis as unknown as Timers,
): { stop(): void; retryNow(): void; drop(): void } {
  let close: (() => void) | null = null;
  let loseCurrent: (() => void) | null = null;
  let pending: unknown = null;
  let attempt = 0;
  let stopped = false;
  let lost = false;

  const open = () => {
    pending = null;
    lost = false;
    let current = true;
    let closeThis: (() => void) | null = null;
    const handlers: LiveHandlers = {
      onOpen() {
        if (!current || stopped) return;
        attempt = 0;
        callbacks.onStatus('live');
        callbacks.onChange();
      },
      onEvent() {
        if (current && !stopped) callbacks.onChange();
      },
      onLost() {
        if (!current || stopped) return;
        current = false;
        lost = true;
        closeThis?.();
        callbacks.onStatus('reconnecting');
        pending = timers.setTimeout(open, reconnectDelay(attempt));
        attempt += 1;
      },
    };
    loseCurrent = () => handlers.onLost();
    const closeTransport = transport(handlers);
    // A transport that failed at once (before returning) is closed now.
    if (!current) closeTransport();
    else closeThis = closeTransport;
    close = () => {
      current = false;
      closeTransport();
    };
  };

  callbacks.onStatus('connecting');
  open();
  return {
    stop() {
      stopped = true;
      if (pending !== null) timers.clearTimeout(pending);
      close?.();
    },
    retryNow() {
      if (stopped || !lost || pending === null) return;
      timers.clearTimeout(pending);
      open();
    },
    drop() {
      if (!stopped && !lost) loseCurrent?.();
    },
  };
}
