import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useState, type FormEvent } from 'react';
import type { PresidentChoice } from '../../graphql/generated/secretariat/graphql.ts';
import { messages } from '../messages.ts';
import {
  completeFigures,
  figuresProblem,
  isTie,
  noFigures,
  notTakingPart,
  parseFigure,
  typedFigures,
  type Figures,
  type TypedFigure,
} from '../../seance/tally.ts';
import { PresidentChoiceField } from '../../seance/PresidentChoiceField.tsx';

const m = messages.secretariat.seance.vote;

/**
 * The room's totals, typed by the secretariat: pour, contre, abstentions — or, in a secret ballot, blank
 * and spoiled ballots. The rest of the room takes no part; more votes than voters cannot be sent; on a
 * tie (not in secret) the président's side is asked.
 */
export function FiguresForm({
  voters,
  secret,
  busy,
  onSubmit,
}: {
  voters: number;
  secret: boolean;
  busy: boolean;
  onSubmit: (figures: Figures, presidentChoice: PresidentChoice | null) => void;
}) {
  const fields = typedFigures(secret);
  const [texts, setTexts] = useState<Partial<Record<TypedFigure, string>>>({});
  const [presidentChoice, setPresidentChoice] = useState<PresidentChoice | null>(null);
  const typed: Figures = { ...noFigures, ...Object.fromEntries(fields.map((field) => [field, parseFigure(texts[field] ?? '')])) };
  const problem = figuresProblem(typed, voters);
  const tie = !secret && isTie(typed);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!problem) onSubmit(secret ? typed : completeFigures(typed, voters), tie ? presidentChoice : null);
  };
  return (
    <form noValidate onSubmit={submit} aria-labelledby="figures-title">
      <h4 id="figures-title" className="fr-h6">
        {m.totalsTitle}
      </h4>
      <p className="fr-text--sm">{m.voters(voters)}</p>
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
              value: texts[field] ?? '',
              onChange: (event) => setTexts((current) => ({ ...current, [field]: event.target.value })),
            }}
          />
        ))}
      </div>
      <p aria-live="polite" className={problem ? 'fr-message fr-message--error' : 'fr-hint-text'}>
        {problem?.kind === 'tooMany'
          ? m.tooMany(problem.counted, problem.voters)
          : problem?.kind === 'notWhole'
            ? m.notWhole
            : m.notTakingPart(notTakingPart(typed, voters))}
      </p>
      {tie && <PresidentChoiceField value={presidentChoice} onChange={setPresidentChoice} required />}
      <Button type="submit" iconId="fr-icon-check-line" disabled={busy || problem !== null || (tie && !presidentChoice)}>
        {m.enterTotals}
      </Button>
    </form>
  );
}
