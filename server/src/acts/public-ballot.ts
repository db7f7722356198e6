import type { SeanceRecord } from '../body/seance/seance-record.js';

const ballotChoiceLabels: Record<string, string> = {
  FOR: 'pour',
  AGAINST: 'contre',
  ABSTENTION: 'abstention',
  NOT_VOTING: 'ne prend pas part au vote',
};

/**
 * The voters' names and choices of each public ballot on an item (L2121-15 since 1 July 2022), as the
 * séance recorded them (from the tablets, or called by the secretariat). A member who could vote and
 * cast no ballot was counted as not taking part when the vote closed; the line says how many.
 */
export function publicBallotLines(seance: SeanceRecord | null, itemId: string): string[] {
  const lines: string[] = [];
  for (const vote of seance?.votes ?? []) {
    if (vote.itemId !== itemId || vote.method !== 'PUBLIC' || vote.status !== 'CLOSED' || !vote.ballots) continue;
    lines.push('Scrutin public — votes nominatifs :');
    for (const choice of Object.keys(ballotChoiceLabels)) {
      const names = vote.ballots.filter((ballot) => ballot.choice === choice).map((ballot) => ballot.name);
      if (names.length) lines.push(`${ballotChoiceLabels[choice]} (${names.length}) : ${names.join(', ')}`);
    }
    const silent = (vote.figures?.notVoting ?? 0) - vote.ballots.filter((ballot) => ballot.choice === 'NOT_VOTING').length;
    if (silent > 0) lines.push(`${silent} membre(s) pouvant voter n’ont exprimé aucun vote et ne prennent pas part au vote.`);
  }
  return lines;
}
