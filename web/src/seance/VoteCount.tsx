import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import { messages } from '../i18n/messages.ts';
import { PresidentChoiceField, type PresidentChoice } from './PresidentChoiceField.tsx';
import { isTie, noFigures } from './tally.ts';

const m = messages.liveSeance.vote;

/** The API's `SeanceVoteCount`: ballots cast of those the room may cast, and the choices except in secret. */
export interface LiveCount {
  cast: number;
  eligible: number;
  figures: { for: number; against: number; abstention: number } | null;
}

/**
 * What the président and the secretariat see of a vote on the tablets: the count as it arrives, and
 * « Clore le vote » — with the side of the président's voix prépondérante when the figures are tied
 * (never in a secret ballot).
 */
export function VoteCount({
  count,
  secret,
  busy,
  onClose,
}: {
  count: LiveCount | null;
  secret: boolean;
  busy: boolean;
  onClose: (presidentChoice: PresidentChoice | null) => void;
}) {
  const [presidentChoice, setPresidentChoice] = useState<PresidentChoice | null>(null);
  const figures = { ...noFigures, ...count?.figures };
  const tie = !secret && isTie(figures);
  return (
    <>
      {count && (
        <div aria-live="polite">
          <p className="fr-text--lead fr-mb-1w">{m.received(count.cast, count.eligible)}</p>
          {count.figures && <p>{m.liveFigures(figures.for, figures.against, figures.abstention)}</p>}
        </div>
      )}
      {tie && <PresidentChoiceField value={presidentChoice} onChange={setPresidentChoice} />}
      <Button iconId="fr-icon-stop-circle-line" disabled={busy} onClick={() => onClose(tie ? presidentChoice : null)}>
        {m.close}
      </Button>
    </>
  );
}
