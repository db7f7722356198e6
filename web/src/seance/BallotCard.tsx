import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useId } from 'react';
import { messages } from '../i18n/messages.ts';

const m = messages.liveSeance.vote;

export const ballotChoices = ['FOR', 'AGAINST', 'ABSTAIN'] as const;
export type BallotChoice = (typeof ballotChoices)[number];

/**
 * One ballot an official casts from the tablet — their own, or the one of the pouvoir they hold: three
 * large buttons, then the confirmation the server gave (for a secret ballot, only that it was cast).
 */
export function BallotCard({ title, secret, cast, busy, onCast }: { title: string; secret: boolean; cast: { choice: BallotChoice | null } | null; busy: boolean; onCast: (choice: BallotChoice) => void }) {
  const heading = useId();
  return (
    <section aria-labelledby={heading} className="cartable-seance__panel">
      <h3 id={heading} className="fr-h5">
        {title}
      </h3>
      {cast ? (
        <Alert severity="success" small description={secret || !cast.choice ? m.castSecret : m.cast(m.choices[cast.choice]!)} />
      ) : (
        <fieldset className="cartable-ballot" aria-labelledby={heading} disabled={busy}>
          {ballotChoices.map((choice) => (
            <Button key={choice} priority={choice === 'FOR' ? 'primary' : 'secondary'} onClick={() => onCast(choice)} nativeButtonProps={{ 'aria-label': m.choiceLabel(m.choices[choice]!, title) }}>
              {m.choices[choice]}
            </Button>
          ))}
        </fieldset>
      )}
    </section>
  );
}
