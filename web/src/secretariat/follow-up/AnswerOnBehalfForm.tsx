import { useMutation } from '@apollo/client/react';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AttendanceResponse } from '../../graphql/generated/secretariat/graphql.ts';
import { messages } from '../messages.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { FormButtons } from '../../ui/FormButtons.tsx';
import { useFieldErrors } from '../../ui/form-errors.ts';
import { AnswerOnBehalfMutation } from '../operations.ts';
import { ProxyHolderSelect } from './ProxyHolderSelect.tsx';

const m = messages.secretariat.answer;
const responses: AttendanceResponse[] = ['PRESENT', 'ABSENT', 'PROXY'];

export interface Convened {
  personId: string;
  displayName: string;
  votingRight: boolean;
}

/**
 * An answer the secretariat records for an official (by phone, by letter): present, absent, or a proxy
 * to a member with a voting right. The server applies the legal proxy rules and says why it refuses.
 */
export function AnswerOnBehalfForm({
  bodyId,
  meetingId,
  convened,
  official,
  proxyRules,
  onDone,
  onCancel,
}: {
  bodyId: string;
  meetingId: string;
  convened: readonly Convened[];
  official: Convened;
  /** The proxy sentence of the meeting's rules (from the API), and whether illness extends a proxy there. */
  proxyRules: { proxy: string; illnessExtendsProxy: boolean };
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const [response, setResponse] = useState<AttendanceResponse | null>(null);
  const [proxyHolderId, setProxyHolderId] = useState('');
  const [illness, setIllness] = useState(false);
  const [certifiedOn, setCertifiedOn] = useState('');
  const [answer, answering] = useMutation(AnswerOnBehalfMutation);
  const holders = convened.filter((candidate) => candidate.votingRight && candidate.personId !== official.personId);

  const fields = useFieldErrors();
  const heading = useRef<HTMLHeadingElement>(null);
  // Opened next to the row clicked: keyboard and screen reader users land on it.
  useEffect(() => heading.current?.focus(), []);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!fields.check(event.currentTarget) || response === null) return;
    try {
      await answer({
        variables: {
          bodyId,
          input: {
            meetingId,
            response,
            onBehalfOf: official.personId,
            proxyHolderId: response === 'PROXY' ? proxyHolderId : null,
            illnessDeclared: response === 'PROXY' ? illness : null,
            illnessCertifiedOn: response === 'PROXY' && illness && certifiedOn ? certifiedOn : null,
          },
        },
      });
      onDone(m.recorded(official.displayName));
    } catch {
      // Shown from the mutation's state.
    }
  };

  return (
    <form
      noValidate
      onSubmit={(event) => void submit(event)}
      onInput={fields.onInput}
      className="cartable-console-form"
      aria-labelledby="answer-heading"
    >
      <h3 id="answer-heading" ref={heading} tabIndex={-1} className="fr-h5">
        {m.title(official.displayName)}
      </h3>
      <RadioButtons
        legend={m.response}
        orientation="horizontal"
        {...fields.field('response')}
        options={responses.map((value) => ({
          label: m.responses[value],
          nativeInputProps: { name: 'response', required: true, checked: response === value, onChange: () => setResponse(value), value },
        }))}
      />
      {response === 'PROXY' && (
        <>
          <ProxyHolderSelect
            label={m.proxyHolder}
            placeholder={m.chooseHolder}
            holders={holders}
            value={proxyHolderId}
            onChange={setProxyHolderId}
            name="proxyHolderId"
            error={fields.error('proxyHolderId')}
          />
          {proxyRules.illnessExtendsProxy ? (
            <Checkbox
              options={[
                {
                  label: m.illness,
                  hintText: proxyRules.proxy,
                  nativeInputProps: { checked: illness, onChange: (event) => setIllness(event.target.checked) },
                },
              ]}
            />
          ) : (
            <p className="fr-hint-text">{proxyRules.proxy}</p>
          )}
          {proxyRules.illnessExtendsProxy && illness && (
            <Input
              label={m.certifiedOn}
              nativeInputProps={{ type: 'date', value: certifiedOn, onChange: (event) => setCertifiedOn(event.target.value) }}
            />
          )}
        </>
      )}
      {answering.error && <GraphqlError error={answering.error} />}
      <FormButtons busy={answering.loading} save={m.save} onCancel={onCancel} />
    </form>
  );
}
