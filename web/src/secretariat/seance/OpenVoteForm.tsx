import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { useState, type FormEvent } from 'react';
import type { VoteMethod } from '../../graphql/generated/secretariat/graphql.ts';
import { messages } from '../messages.ts';
import type { BallotLaw } from './messages.fr.ts';
import { MemberChecklist, type Member } from './MemberChecklist.tsx';

const m = messages.secretariat.seance.vote;
const methods: VoteMethod[] = ['HAND', 'PUBLIC', 'SECRET'];

export interface VoteOpening {
  method: VoteMethod;
  requestedBy: string[];
  nomination: boolean;
  electronic: boolean;
}

/**
 * How the vote on the current item is taken: à main levée, scrutin public or secret (with the members
 * present who ask for it, or a nomination), and — when the séance uses them — on the tablets.
 */
export function OpenVoteForm({
  present,
  electronicVoting,
  law,
  busy,
  onOpen,
}: {
  present: readonly Member[];
  electronicVoting: boolean;
  law: BallotLaw;
  busy: boolean;
  onOpen: (opening: VoteOpening) => void;
}) {
  const [method, setMethod] = useState<VoteMethod>('HAND');
  const [requesters, setRequesters] = useState(() => new Set<string>());
  const [nomination, setNomination] = useState(false);
  const [electronic, setElectronic] = useState(electronicVoting);
  const hints = m.methodHints(law);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onOpen({
      method,
      requestedBy: method === 'HAND' || (method === 'SECRET' && nomination) ? [] : [...requesters],
      nomination: method === 'SECRET' && nomination,
      electronic: method !== 'HAND' && electronicVoting && electronic,
    });
  };
  return (
    <form noValidate onSubmit={submit} aria-labelledby="vote-open">
      <h4 id="vote-open" className="fr-h6">
        {m.open}
      </h4>
      <RadioButtons
        legend={m.method}
        name="vote-method"
        options={methods.map((value) => ({
          label: m.methods[value],
          hintText: hints[value],
          nativeInputProps: { value, checked: method === value, onChange: () => setMethod(value) },
        }))}
      />
      {method === 'SECRET' && (
        <Checkbox
          options={[
            {
              label: m.nomination,
              hintText: m.nominationHint(law.ballotArticle),
              nativeInputProps: { checked: nomination, onChange: (event) => setNomination(event.target.checked) },
            },
          ]}
        />
      )}
      {method !== 'HAND' && !(method === 'SECRET' && nomination) && (
        <MemberChecklist legend={m.requesters} hint={m.requestersHint} members={present} chosen={requesters} onChange={setRequesters} />
      )}
      {method !== 'HAND' && electronicVoting && (
        <Checkbox
          options={[
            {
              label: m.electronic,
              hintText: m.electronicHint,
              nativeInputProps: { checked: electronic, onChange: (event) => setElectronic(event.target.checked) },
            },
          ]}
        />
      )}
      <Button type="submit" iconId="fr-icon-play-circle-line" disabled={busy}>
        {m.open}
      </Button>
    </form>
  );
}
