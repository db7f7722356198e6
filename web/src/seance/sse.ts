import type { LiveTransport } from './live-channel.ts';

/**
 * A reader of a server-sent events stream (`text/event-stream`) fetched with the session's bearer token
 * (the browser's EventSource cannot send one): events split on blank lines, `id:` kept to resume with
 * `Last-Event-ID`, comments (the server's keep-alives) ignored.
 */

export interface ServerEvent {
  id: string | null;
  event: string;
  data: string;
}

/** Feeds text as it arrives; returns the complete events, keeps an incomplete one for the next chunk. */
export function sseParser(): (chunk: string) => ServerEvent[] {
  let buffer = '';
  return (chunk) => {
    buffer += chunk.replace(/\r\n?/g, '\n');
    const blocks = buffer.split('\n\n');
    buffer = blocks.pop() ?? '';
    const events: ServerEvent[] = [];
    for (const block of blocks) {
      let id: string | null = null;
      let event = 'message';
      const data: string[] = [];
      let fields = 0;
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        fields += 1;
        if (field === 'id') id = value;
        else if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
        else fields -= 1;
      }
      if (fields > 0) events.push({ id, event, data: data.join('\n') });
    }
    return events;
  };
}

/** Silence after which a stream is taken for dead: the server writes a keep-alive every 25 seconds. */
export const silenceMilliseconds = 60_000;

/**
 * The live channel over server-sent events: `url` fetched with the session's headers and, after the
 * first event, `Last-Event-ID` so that the server resumes where the tablet left. Every event is a
 * change (the screen reads the séance again); the stream's end, its failure or a minute of silence is a loss.
 */
export function eventStreamTransport(url: string, headers: () => Promise<Record<string, string>>): LiveTransport {
  let lastEventId: string | null = null;
  return (handlers) => {
    const abort = new AbortController();
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const heard = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => abort.abort(), silenceMilliseconds);
    };
    void (async () => {
      try {
        const response = await fetch(url, {
          headers: { accept: 'text/event-stream', ...(await headers()), ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
          cache: 'no-store',
          signal: abort.signal,
        });
        if (!response.ok || !response.body) throw new Error(`event stream: HTTP ${response.status}`);
        handlers.onOpen();
        heard();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        const feed = sseParser();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          heard();
          const events = feed(value);
          for (const event of events) if (event.id) lastEventId = event.id;
          if (events.length > 0) handlers.onEvent();
        }
        handlers.onLost();
      } catch {
        // Closed on purpose (no watchdog left): nothing to report; otherwise the stream is lost.
        if (!abort.signal.aborted || watchdog !== undefined) handlers.onLost();
      } finally {
        clearTimeout(watchdog);
      }
    })();
    return () => {
      clearTimeout(watchdog);
      watchdog = undefined;
      abort.abort();
    };
  };
}
