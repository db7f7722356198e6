import type { VoteResultView } from './VoteResult.tsx';
import type { Figures } from './tally.ts';

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
export function resultView(
  vote: ClosedVote,
  ballots: readonly Ballot[] | undefined,
  choiceLabels: Record<string, string>,
  order: readonly string[],
): VoteResultView | null {
  if (!vote.result || !vote.figures) return null;
  const secret = vote.method === 'SECRET';
  const names =
    vote.method === 'PUBLIC' && ballots
      ? order.map((choice) => ({
          choice: choiceLabels[choice] ?? choice,
          names: ballots.filter((ballot) => ballot.choice === choice).map((ballot) => ballot.voter.displayName),
        }))
      : [];
  return { ...vote.figures, outcome: vote.result, secret, tie: vote.tie ?? false, names };
}
