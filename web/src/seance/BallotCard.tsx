import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useId } from 'react';
import { messages } from '../i18n/messages.ts';

const m = messages.liveSeance.vote;

/** What a ballot offers: pour, contre, abstention — or, in a secret ballot, pour, contre, blanc. */
export const ballotOptions = (secret: boolean) =>
  secret ? (['FOR', 'AGAINST', 'BLANK'] as const) : (['FOR', 'AGAINST', 'ABSTENTION'] as const);
export type BallotOption = ReturnType<typeof ballotOptions>[number];

/**
 * One ballot an official casts from the tablet — their own, or the one of the pouvoir they hold: large
 * buttons, then the confirmation the server gave (for a secret ballot, only that it was cast).
 */
export function BallotCard({
  title,
  secret,
  cast,
  busy,
  onCast,
}: {
  title: string;
  secret: boolean;
  cast: { choice: string | null } | null;
  busy: boolean;
  onCast: (choice: BallotOption) => void;
}) {
  const heading = useId();
  const confirmation = secret ? m.castSecret : cast?.choice ? m.cast(m.choices[cast.choice] ?? cast.choice) : m.castDone;
  return (
    <section aria-labelledby={heading} className="cartable-seance__panel">
      <h3 id={heading} className="fr-h5">
        {title}
      </h3>
      {cast ? (
        <Alert severity="success" small description={confirmation} />
      ) : (
        <div role="group" aria-labelledby={heading} className="cartable-ballot">
          {ballotOptions(secret).map((choice) => (
            <Button
              key={choice}
              priority={choice === 'FOR' ? 'primary' : 'secondary'}
              disabled={busy}
              onClick={() => onCast(choice)}
              nativeButtonProps={{ 'aria-label': m.choiceLabel(m.choices[choice]!, title) }}
            >
              {m.choices[choice]}
            </Button>
          ))}
        </div>
      )}
    </section>
  );
}
