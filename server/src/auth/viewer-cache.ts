import type { EventSubscriber, FlushEventArgs, TransactionEventArgs } from '@mikro-orm/core';
import type { Viewer } from './viewer.js';

/**
 * Process-wide generation of what a Viewer is made of (people, memberships, bodies). Any change bumps it
 * once committed; a cached Viewer read under an older generation is never served again.
 */
let generation = 0;

/**
 * Call after a transaction that changed a person, a membership or a body without the ORM's unit of work
 * (`nativeDelete`, `nativeUpdate`, raw SQL) has committed. Flushed entity changes are caught by
 * `ViewerChangeSubscriber`.
 */
export function viewerDataChanged(): void {
  generation++;
}

/** The platform entities a Viewer is read from. */
const viewerEntities: ReadonlySet<string> = new Set(['Person', 'Membership', 'Body']);

/**
 * Bumps the generation when a flush changed a person, a membership or a body: at once (a flush outside a
 * transaction has committed when `afterFlush` runs), and again when the enclosing transaction commits, so
 * that a Viewer read between the flush and the commit (still the old rows) is not kept.
 */
export class ViewerChangeSubscriber implements EventSubscriber {
  readonly #pending = new WeakSet<object>();

  afterFlush({ em, uow }: FlushEventArgs): void {
    if (!uow.getChangeSets().some((changeSet) => viewerEntities.has(changeSet.meta.className))) return;
    viewerDataChanged();
    const transaction = em.getTransactionContext<object>();
    if (transaction) this.#pending.add(transaction);
  }

  afterTransactionCommit({ transaction }: TransactionEventArgs): void {
    if (transaction && this.#pending.has(transaction)) viewerDataChanged();
  }
}

export interface ViewerCacheOptions {
  /** How long a Viewer is served without reading the database again (ms); also the bound on another process's staleness. */
  ttlMs: number;
  /** Subjects kept at most; the least recently used goes first. */
  maxEntries: number;
}

interface Entry {
  viewer: Viewer;
  generation: number;
  expiresAt: number;
}

/**
 * A short per-subject cache of Viewers, bounded (LRU) and invalidated by the generation above. In this
 * process a change is never served once committed; in another process at most `ttlMs` after.
 */
export class ViewerCache {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly options: ViewerCacheOptions) {}

  get size(): number {
    return this.#entries.size;
  }

  /** The generation to pass to `set` for a Viewer about to be read from the database. */
  get generation(): number {
    return generation;
  }

  get(subject: string, now = Date.now()): Viewer | undefined {
    const entry = this.#entries.get(subject);
    if (!entry) return undefined;
    this.#entries.delete(subject);
    if (entry.generation !== generation || entry.expiresAt <= now) return undefined;
    this.#entries.set(subject, entry);
    return entry.viewer;
  }

  /** Keeps `viewer`, read at `readGeneration`: a change committed since then leaves it out. */
  set(subject: string, viewer: Viewer, readGeneration: number, now = Date.now()): void {
    if (readGeneration !== generation || this.options.ttlMs <= 0 || this.options.maxEntries <= 0) return;
    this.#entries.delete(subject);
    this.#entries.set(subject, { viewer, generation: readGeneration, expiresAt: now + this.options.ttlMs });
    while (this.#entries.size > this.options.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
  }
}
