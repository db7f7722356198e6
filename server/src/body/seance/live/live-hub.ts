import { randomUUID } from 'node:crypto';
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

/**
 * A follower's position: a PostgreSQL snapshot (`xmin:xmax:xip,…`, as `pg_current_snapshot()` prints it).
 * The events it has seen are exactly those whose transaction the snapshot shows as committed.
 */
export class LiveCursor {
  private constructor(
    readonly text: string,
    private readonly xmin: bigint,
    private readonly xmax: bigint,
    private readonly inProgress: ReadonlySet<bigint>,
  ) {}

  static readonly pattern = /^(\d{1,20}):(\d{1,20}):((?:\d{1,20})(?:,\d{1,20}){0,9999})?$/;

  /** A cursor from its text (the SSE id a tablet sends back as Last-Event-ID), or null when malformed. */
  static parse(text: string): LiveCursor | null {
    const match = LiveCursor.pattern.exec(text);
    if (!match) return null;
    return new LiveCursor(
      text,
      BigInt(match[1]!),
      BigInt(match[2]!),
      new Set((match[3] ? match[3].split(',') : []).map((xid) => BigInt(xid))),
    );
  }

  get oldest(): bigint {
    return this.xmin;
  }

  /** Whether the transaction `tx` had committed in this snapshot (as `pg_visible_in_snapshot`). */
  shows(tx: bigint): boolean {
    return tx < this.xmin || (tx < this.xmax && !this.inProgress.has(tx));
  }
}

/** One tablet following a séance: where it is, what it may see, where to write. */
export interface LiveSubscriber {
  cursor: LiveCursor;
  manager: boolean;
  /** The events it has not seen, in order, and the cursor after them. */
  send(events: readonly LiveEvent[], cursor: LiveCursor): void;
}

interface Feed {
  schema: string;
  meetingId: string;
  subscribers: Set<LiveSubscriber>;
  /** The read in progress, and whether another notification arrived meanwhile. */
  running: Promise<void> | null;
  again: boolean;
  /** Who waits for the next read to be delivered (`announce`'s callers). */
  waiting: (() => void)[];
}

/** What the ballot path needs of the live channel: to say, after its commit, that a séance has new events. */
export interface SeanceLiveAnnouncer {
  /** Resolves once this process's followers of the séance have been sent what was committed before the call (never rejects). */
  announce(schema: string, meetingId: string): Promise<void>;
}

declare module '../../../tenancy/body-context.js' {
  interface BodyServices {
    /** The séance's live channel, told of each ballot once committed. */
    seanceLive: SeanceLiveAnnouncer;
  }
}

/**
 * The fan-out of the live channel in one process: a dedicated connection LISTENs on the séance channel;
 * each notification makes the hub read the séance's events once, in the same statement as a snapshot,
 * and hand each subscriber the events its own snapshot did not show, then move it to the new one.
 * Positions are snapshots, not ids: ballots commit in parallel, and an event with a smaller id may
 * commit after a larger one — a cursor on ids would skip it for good. A tablet that reconnects with its
 * position gets exactly what it missed. A lost LISTEN connection is reopened and every feed re-read.
 *
 * Two ways in. Most séance actions NOTIFY inside their transaction (`publishSeanceEvents`: delivered at
 * commit, never for a rollback). A ballot instead calls `announce` once committed: this process's
 * followers are served at once, and the other processes get one NOTIFY per burst rather than one per
 * ballot — each NOTIFY serialises its transaction's commit with every other notifying commit of the
 * database (PostgreSQL's notify queue lock, held through the commit's WAL flush), which made 150
 * ballots at once queue behind each other's fsync. The hub's reads and its NOTIFYs go over its own
 * connection, not the request pool: a burst of requests does not hold the président's count back.
 */
export class SeanceLiveHub implements SeanceLiveAnnouncer {
  private readonly feeds = new Map<string, Feed>();
  /** The announcements whose NOTIFY is being sent, and whether another one came meanwhile. */
  private readonly announcing = new Map<string, { again: boolean }>();
  /** This hub's mark on its own notifications (it has served its followers already). */
  private readonly origin = randomUUID();
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
      if (message.channel !== seanceChannel || !message.payload) return;
      // `<schema>:<meetingId>`, followed by `@<origin>` when a hub announced it.
      const [key, origin] = message.payload.split('@');
      if (origin !== this.origin) this.refresh(key!);
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

  /** A statement on the hub's own connection; on the ORM's pool while that connection is being reopened. */
  private async query<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
    const client = this.client;
    if (client) return (await client.query(sql, params)).rows as Row[];
    return this.orm.em.getConnection().execute<Row[]>(sql.replace(/\$\d+/g, '?'), params);
  }

  /** The position of a follower starting now: it will get every event committed from here on. */
  async now(): Promise<LiveCursor> {
    const [row] = await this.query<{ snapshot: string }>('select pg_current_snapshot()::text as snapshot');
    return LiveCursor.parse(row!.snapshot)!;
  }

  /**
   * A séance has new events, committed without a NOTIFY (a ballot): its followers in this process are
   * served now, the other processes' by a NOTIFY sent after this commit — one at a time per séance, the
   * announcements that arrive while one is sent sharing the next one, so that every commit is followed
   * by a notification and a burst of ballots costs a few. Resolves once this process's followers have
   * been served.
   */
  announce(schema: string, meetingId: string): Promise<void> {
    const key = `${schema}:${meetingId}`;
    const served = new Promise<void>((resolve) => this.refresh(key, resolve));
    const sending = this.announcing.get(key);
    if (sending) {
      sending.again = true;
      return served;
    }
    const state = { again: false };
    this.announcing.set(key, state);
    void (async () => {
      try {
        do {
          state.again = false;
          await this.query('select pg_notify($1, $2)', [seanceChannel, `${key}@${this.origin}`]).catch((error: unknown) =>
            this.logger.warn({ err: error }, 'séance live channel: announcing to the other processes failed'),
          );
        } while (state.again && !this.stopped);
      } finally {
        this.announcing.delete(key);
      }
    })();
    return served;
  }

  /** Follows a séance from `subscriber.cursor`; what was committed since is sent at once. Returns the unsubscribe. */
  subscribe(schema: string, meetingId: string, subscriber: LiveSubscriber): () => void {
    const key = `${schema}:${meetingId}`;
    let feed = this.feeds.get(key);
    if (!feed) {
      feed = { schema, meetingId, subscribers: new Set(), running: null, again: false, waiting: [] };
      this.feeds.set(key, feed);
    }
    feed.subscribers.add(subscriber);
    this.refresh(key);
    return () => {
      feed.subscribers.delete(subscriber);
      if (feed.subscribers.size === 0 && !feed.running) this.feeds.delete(key);
    };
  }

  /** Reads and delivers a séance's events; `served` is called once a read started after this call has been delivered. */
  private refresh(key: string, served?: () => void): void {
    const feed = this.feeds.get(key);
    if (!feed) {
      served?.();
      return;
    }
    if (served) feed.waiting.push(served);
    if (feed.running) {
      feed.again = true;
      return;
    }
    const waiting = feed.waiting.splice(0);
    feed.running = this.deliver(feed)
      .catch((error: unknown) => this.logger.error({ err: error }, 'séance live channel: delivery failed'))
      .finally(() => {
        for (const resolve of waiting) resolve();
        feed.running = null;
        if (feed.again) {
          feed.again = false;
          this.refresh(key);
        } else if (feed.subscribers.size === 0) this.feeds.delete(key);
      });
  }

  /** One read for all the followers of a séance: the events any of them may not have seen, with the snapshot they were read in. */
  private async deliver(feed: Feed): Promise<void> {
    const subscribers = [...feed.subscribers];
    if (subscribers.length === 0) return;
    const oldest = subscribers.reduce(
      (lowest, subscriber) => (subscriber.cursor.oldest < lowest ? subscriber.cursor.oldest : lowest),
      subscribers[0]!.cursor.oldest,
    );
    const rows = await this.query<{
      snapshot: string;
      id: string | null;
      kind: string;
      audience: SeanceAudience;
      payload: Record<string, unknown>;
      tx: string;
      created_at: string | Date;
    }>(
      `select pg_current_snapshot()::text as snapshot, event.id::text as id, event.kind, event.audience, event.payload, event.tx::text as tx, event.created_at
         from (select 1) as here
         left join ${quoteSchema(feed.schema)}.seance_event event on event.meeting_id = $1 and event.tx >= $2::text::xid8
        order by event.id`,
      [feed.meetingId, oldest.toString()],
    );
    const cursor = LiveCursor.parse(rows[0]!.snapshot)!;
    const events = rows
      .filter((row) => row.id !== null)
      .map((row) => ({
        tx: BigInt(row.tx),
        event: {
          id: row.id!,
          kind: row.kind,
          audience: row.audience,
          payload: row.payload,
          createdAt: new Date(row.created_at).toISOString(),
        },
      }));
    for (const subscriber of subscribers) {
      const unseen = events
        .filter(({ tx, event }) => !subscriber.cursor.shows(tx) && (event.audience === 'ALL' || subscriber.manager))
        .map(({ event }) => event);
      subscriber.cursor = cursor;
      if (unseen.length > 0) subscriber.send(unseen, cursor);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
