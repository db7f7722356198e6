import type { EntityManager } from '@mikro-orm/postgresql';
import type { VoteResult } from '../legal/vote-rules.js';

/** The figures of a vote, as an act records them. */
export interface VoteSnapshot {
  effectif: number;
  votants: number;
  pour: number;
  contre: number;
  abstention: number;
  /** The result the séance decided (its président's casting vote on a tie); computed from the figures when entered by hand. */
  result?: VoteResult;
}

/**
 * Where the figures of a vote come from: the séance's own results once they are recorded there (a port
 * the séance module implements), or the secretariat's input. Either way the act keeps its own copy.
 */
export interface VoteResultSource {
  voteOf(em: EntityManager, agendaItemId: string): Promise<VoteSnapshot | null>;
}
