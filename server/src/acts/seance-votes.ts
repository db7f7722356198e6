import type { EntityManager } from '@mikro-orm/postgresql';
import { table } from '../body/seance/seance-room.js';
import type { VoteResultSource, VoteSnapshot } from './vote-source.js';

/**
 * The séance's results as the source of a délibération's vote: the last vote closed on the item, its
 * figures as the séance counted or took them (pouvoirs included), its result as the séance decided it
 * (the président's casting vote on a tie, L2121-20), and the members in office of the quorum check taken
 * before that vote. Blank and spoiled ballots of a secret ballot are not suffrages exprimés: they count
 * neither as votants nor as abstentions here.
 */
export const seanceVoteResults: VoteResultSource = {
  async voteOf(em: EntityManager, agendaItemId: string): Promise<VoteSnapshot | null> {
    const [row] = await em.execute<
      { votes_for: number; votes_against: number; abstentions: number; result: 'ADOPTED' | 'REJECTED'; members_in_office: number }[]
    >(
      `select vote.votes_for, vote.votes_against, vote.abstentions, vote.result, quorum.members_in_office
         from ${table(em, 'seance_vote')} vote join ${table(em, 'seance_quorum_check')} quorum on quorum.id = vote.quorum_check_id
        where vote.item_id = ? and vote.status = 'CLOSED'
        order by vote.closed_at desc limit 1`,
      [agendaItemId],
    );
    if (!row) return null;
    return {
      effectif: row.members_in_office,
      votants: row.votes_for + row.votes_against + row.abstentions,
      pour: row.votes_for,
      contre: row.votes_against,
      abstention: row.abstentions,
      result: row.result,
    };
  },
};
