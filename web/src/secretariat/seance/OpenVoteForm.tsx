import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { useState, type FormEvent } from 'react';
import { messages } from '../../i18n/messages.ts';

const m = messages.secretariat.seance.vote;

export const voteKinds = ['SHOW_OF_HANDS', 'PUBLIC', 'SECRET'] as const;
export type VoteKindChoice = (typeof voteKinds)[number];

/** How the vote on the current item is taken: the kind of ballot, and whether the tablets vote. */
export function OpenVoteForm({ busy, onOpen }: { busy: boolean; onOpen: (choice: { kind: VoteKindChoice; electronic: boolean }) => void }) {
  const [kind, setKind] = useState<VoteKindChoice>('SHOW_OF_HANDS');
  const [electronic, setElectronic] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onOpen({ kind, electronic: kind !== 'SHOW_OF_HANDS' && electronic });
  };
  return (
    <form onSubmit={submit}>
      <RadioButtons
        legend={m.kind}
        name="vote-kind"
        options={voteKinds.map((value) => ({ label: m.kinds[value], hintText: m.kindHints[value], nativeInputProps: { value, checked: kind === value, onChange: () => setKind(value) } }))}
      />
      {kind !== 'SHOW_OF_HANDS' && (
        <Checkbox options={[{ label: m.electronic, hintText: m.electronicHint, nativeInputProps: { checked: electronic, onChange: (event) => setElectronic(event.target.checked) } }]} />
      )}
      <Button type="submit" iconId="fr-icon-play-circle-line" disabled={busy}>
        {m.open}
      </Button>
    </form>
  );
}
