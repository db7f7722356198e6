import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Logger } from '../../../common/logger.js';
import { quoteSchema } from '../../../tenancy/schema-name.js';
import { seanceChannel, type SeanceAudience } from './seance-events.js';

export interface LiveEvent {
  id: string;
  kind: string;
  audience: SeanceAudience;
  payload: Record<string, unknown>;
  createdAt: string;
}

/** One tablet following a séance: what it has seen, what it may see, where to write. */
export interface LiveSubscriber {
  lastId: bigint;
  manager: boolean;
  send(events: readonly LiveEvent[]): void;
}

interface Feed {
  schema: string;
  meetingId: string;
  subscribers: Set<LiveSubscriber>;
  /** The fetch in progress, and whether another notification arrived meanwhile. */
  running: Promise<void> | null;
  again: boolean;
}

/**
 * The fan-out of the live channel in one process: a dedicated connection LISTENs on the séance channel;
 * each NOTIFY (sent at commit by `publishSeanceEvents`) makes the hub read the new events of that séance
 * once, in order, and hand each subscriber what it has not seen and may see. Reading the event log (and
 * not the notification's text) is what makes delivery exact: a tablet that reconnects with its
 * Last-Event-ID gets the same events, in the same order, as one that stayed connected. A lost LISTEN
 * connection is reopened and every feed re-read, so nothing is missed while it was down.
 */
export class SeanceLiveHub {
  private readonly feeds = new Map<string, Feed>();
  private client: pg.Client | null = null;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly databaseUrl: string,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('notification', (message) => {
      if (message.channel === seanceChannel && message.payload) this.refresh(message.payload);
    });
    client.on('error', (error) => this.logger.warn({ err: error }, 'séance live channel: listening connection lost'));
    client.on('end', () => {
      if (this.client === client) this.client = null;
      if (!this.stopped) setTimeout(() => void this.reconnect(), 1_000).unref();
    });
    await client.connect();
    await client.query(`listen ${seanceChannel}`);
    this.client = client;
  }

  private async reconnect(): Promise<void> {
    if (this.stopped || this.client) return;
    try {
      await this.start();
      for (const key of this.feeds.keys()) this.refresh(key);
    } catch (error) {
      this.logger.warn({ err: error }, 'séance live channel: reconnecting');
      setTimeout(() => void this.reconnect(), 2_000).unref();
    }
  }

  /** Follows a séance from `subscriber.lastId`; the events already logged after it are sent at once. Returns the unsubscribe. */
  subscribe(schema: string, meetingId: string, subscriber: LiveSubscriber): () => void {
    const key = `${schema}:${meetingId}`;
    let feed = this.feeds.get(key);
    if (!feed) {
      feed = { schema, meetingId, subscribers: new Set(), running: null, again: false };
      this.feeds.set(key, feed);
    }
    feed.subscribers.add(subscriber);
    this.refresh(key);
    return () => {
      feed.subscribers.delete(subscriber);
      if (feed.subscribers.size === 0 && !feed.running) this.feeds.delete(key);
    };
  }

  /** The id of the last event logged for a séance ('0' when none): where a new follower starts. */
  async lastEventId(schema: string, meetingId: string): Promise<bigint> {
    const [row] = await this.orm.em.getConnection().execute<{ id: string }[]>(`select coalesce(max(id), 0)::text as id from ${quoteSchema(schema)}.seance_event where meeting_id = ?`, [meetingId]);
    return BigInt(row?.id ?? '0');
  }

  private refresh(key: string): void {
    const feed = this.feeds.get(key);
    if (!feed) return;
    if (feed.running) {
      feed.again = true;
      return;
    }
    feed.running = this.deliver(feed)
      .catch((error: unknown) => this.logger.error({ err: error }, 'séance live channel: delivery failed'))
      .finally(() => {
        feed.running = null;
        if (feed.again) {
          feed.again = false;
          this.refresh(key);
        } else if (feed.subscribers.size === 0) this.feeds.delete(key);
      });
  }

  private async deliver(feed: Feed): Promise<void> {
    if (feed.subscribers.size === 0) return;
    const from = [...feed.subscribers].reduce((lowest, subscriber) => (subscriber.lastId < lowest ? subscriber.lastId : lowest), BigInt(Number.MAX_SAFE_INTEGER));
    const rows = await this.orm.em.getConnection().execute<{ id: string; kind: string; audience: SeanceAudience; payload: Record<string, unknown>; created_at: string | Date }[]>(
      `select id::text as id, kind, audience, payload, created_at from ${quoteSchema(feed.schema)}.seance_event where meeting_id = ? and id > ? order by id limit 1000`,
      [feed.meetingId, from.toString()],
    );
    if (rows.length === 0) return;
    const events = rows.map((row) => ({ id: row.id, kind: row.kind, audience: row.audience, payload: row.payload, createdAt: new Date(row.created_at).toISOString() }));
    for (const subscriber of feed.subscribers) {
      const unseen = events.filter((event) => BigInt(event.id) > subscriber.lastId);
      if (unseen.length === 0) continue;
      subscriber.lastId = BigInt(unseen.at(-1)!.id);
      const visible = unseen.filter((event) => event.audience === 'ALL' || subscriber.manager);
      if (visible.length > 0) subscriber.send(visible);
    }
    // More than one page behind: read on.
    if (rows.length === 1000) feed.again = true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
