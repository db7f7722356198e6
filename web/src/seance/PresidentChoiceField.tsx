import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { useId } from 'react';
import { messages } from '../i18n/messages.ts';
import { useSeanceLaw } from './seance-law.ts';

const m = messages.liveSeance.vote;

/** The API's `PresidentChoice`. */
export type PresidentChoice = 'FOR' | 'AGAINST';
const choices: PresidentChoice[] = ['FOR', 'AGAINST'];

/** On a tie of a vote that is not secret: the side of the président's voix prépondérante. */
export function PresidentChoiceField({
  value,
  onChange,
  required = false,
}: {
  value: PresidentChoice | null;
  onChange: (choice: PresidentChoice) => void;
  required?: boolean;
}) {
  const name = useId();
  const { majorityArticle } = useSeanceLaw();
  return (
    <RadioButtons
      legend={m.presidentChoice}
      hintText={m.presidentChoiceHint(majorityArticle)}
      name={name}
      orientation="horizontal"
      options={choices.map((choice) => ({
        label: m.presidentChoices[choice],
        nativeInputProps: { value: choice, checked: value === choice, required, onChange: () => onChange(choice) },
      }))}
    />
  );
}
