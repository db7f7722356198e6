import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useState, type FormEvent } from 'react';
import { messages } from '../../i18n/messages.ts';
import { figuresProblem, noFigures, notTakingPart, parseFigure, type Figures } from '../../seance/tally.ts';

const m = messages.secretariat.seance.vote;

/**
 * The room's totals, typed by the secretariat: pour, contre, abstentions (and, in a secret ballot, blank
 * and spoiled ballots). Those who take no part are what remains of the voters; more votes than voters
 * cannot be sent.
 */
export function FiguresForm({ voters, secret, busy, submitLabel, onSubmit }: { voters: number; secret: boolean; busy: boolean; submitLabel: string; onSubmit: (figures: Figures) => void }) {
  const fields: (keyof Figures)[] = secret ? ['inFavour', 'against', 'abstentions', 'blank', 'spoiled'] : ['inFavour', 'against', 'abstentions'];
  const [texts, setTexts] = useState<Record<keyof Figures, string>>({ inFavour: '', against: '', abstentions: '', blank: '', spoiled: '' });
  const figures: Figures = { ...noFigures, ...Object.fromEntries(fields.map((field) => [field, parseFigure(texts[field])])) };
  const problem = figuresProblem(figures, voters);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!problem) onSubmit(figures);
  };
  return (
    <form onSubmit={submit} aria-describedby="figures-check">
      <div className="cartable-figures-form">
        {fields.map((field) => (
          <Input
            key={field}
            label={m[field]}
            nativeInputProps={{
              type: 'number',
              inputMode: 'numeric',
              min: 0,
              max: voters,
              step: 1,
              value: texts[field],
              onChange: (event) => setTexts((current) => ({ ...current, [field]: event.target.value })),
            }}
          />
        ))}
      </div>
      <p id="figures-check" aria-live="polite" className={problem ? 'fr-message fr-message--error' : 'fr-hint-text'}>
        {problem?.kind === 'tooMany' ? m.tooMany(problem.counted, problem.voters) : problem?.kind === 'notWhole' ? m.notWhole : m.notTakingPart(notTakingPart(figures, voters))}
      </p>
      <Button type="submit" iconId="fr-icon-check-line" disabled={busy || problem !== null}>
        {submitLabel}
      </Button>
    </form>
  );
}
