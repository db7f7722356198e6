import type { VoteResultView } from '../../seance/VoteResult.tsx';
import type { Figures } from '../../seance/tally.ts';

export interface Ballot {
  voter: { personId: string; displayName: string };
  choice: string;
}

interface ClosedVote {
  method: string;
  result: 'ADOPTED' | 'REJECTED' | null;
  tie: boolean | null;
  figures: Figures | null;
}

/** A closed vote as the result callout shows it; the names (public ballot only) by choice, in `order`. */
export function resultView(vote: ClosedVote, ballots: readonly Ballot[] | undefined, choiceLabels: Record<string, string>, order: readonly string[]): VoteResultView | null {
  if (!vote.result || !vote.figures) return null;
  const secret = vote.method === 'SECRET';
  const names = vote.method === 'PUBLIC' && ballots ? order.map((choice) => ({ choice: choiceLabels[choice] ?? choice, names: ballots.filter((ballot) => ballot.choice === choice).map((ballot) => ballot.voter.displayName) })) : [];
  return { ...vote.figures, outcome: vote.result, secret, tie: vote.tie ?? false, names };
}

export interface Attendee {
  personId: string;
  displayName: string;
  votingRight: boolean;
  present: boolean;
  holdsProxyOf: readonly { personId: string; displayName: string }[];
}

/** Who may be called in a roll call: each member present with a vote, then each pouvoir they hold; the interested left out. */
export function rollCall(attendees: readonly Attendee[], interested: ReadonlySet<string>): { personId: string; displayName: string; holder: string | null }[] {
  return attendees
    .filter((attendee) => attendee.present && attendee.votingRight && !interested.has(attendee.personId))
    .flatMap((attendee) => [
      { personId: attendee.personId, displayName: attendee.displayName, holder: null },
      ...attendee.holdsProxyOf.filter((giver) => !interested.has(giver.personId)).map((giver) => ({ personId: giver.personId, displayName: giver.displayName, holder: attendee.displayName })),
    ]);
}
