import { useMutation } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useState, type FormEvent } from 'react';
import type { ReglementInterieurFieldsFragment } from '../../graphql/generated/secretariat/graphql.ts';
import { messages } from '../messages.ts';
import { succeeded } from '../../ui/api-failure.ts';
import { useFieldErrors } from '../../ui/form-errors.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { reglementInterieurInput, type ReglementInterieurForm } from './legal-settings.ts';
import { AddReglementInterieurSettingMutation } from '../operations.ts';

const m = messages.secretariat.reglementInterieur;
const empty: ReglementInterieurForm = { validFrom: '', reference: '', proxyLimit: '', commissionQuorum: false };

/**
 * The body's règlement intérieur as dated settings (what the law leaves to it), and a form adding one from a date.
 * `proxy`: the council's pouvoir article, and `perReunion` where a délégation is for one réunion (départements, régions: no limit of séances is offered).
 */
export function ReglementInterieurSection({
  bodyId,
  proxy,
  settings,
  onChanged,
}: {
  bodyId: string;
  proxy: { article: string; perReunion: boolean };
  settings: readonly ReglementInterieurFieldsFragment[];
  onChanged: (message: string) => void;
}) {
  const [form, setForm] = useState(empty);
  const [add, adding] = useMutation(AddReglementInterieurSettingMutation);
  const fields = useFieldErrors();
  const day = (date: string) => date.split('-').reverse().join('/');

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!fields.check(event.currentTarget)) return;
    if (await succeeded(() => add({ variables: { bodyId, input: reglementInterieurInput(form) } }))) {
      setForm(empty);
      onChanged(m.saved);
    }
  };

  return (
    <section aria-labelledby="reglement-interieur-heading" className="fr-mt-4w">
      <h2 id="reglement-interieur-heading">{m.title}</h2>
      <p>{m.intro}</p>
      {settings.length === 0 ? (
        <p className="fr-text--sm">{m.none}</p>
      ) : (
        <Table
          caption={m.caption}
          headers={[m.columns.validFrom, m.columns.reference, m.columns.proxyLimit, m.columns.commissionQuorum]}
          data={settings.map((setting) => [
            day(setting.validFrom),
            setting.reference,
            proxy.perReunion
              ? m.perReunion
              : setting.proxyMaxConsecutiveSeances
                ? m.limit(setting.proxyMaxConsecutiveSeances)
                : m.lawLimit(proxy.article),
            setting.commissionQuorum ? m.quorumYes : m.quorumNo,
          ])}
        />
      )}
      <form noValidate className="cartable-console-form" onSubmit={(event) => void submit(event)} onInput={fields.onInput}>
        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend">{m.addTitle}</legend>
          <div className="cartable-inline-fields">
            <Input
              label={m.validFrom}
              hintText={m.validFromHint}
              {...fields.field('validFrom')}
              nativeInputProps={{
                name: 'validFrom',
                type: 'date',
                required: true,
                value: form.validFrom,
                onChange: (event) => setForm({ ...form, validFrom: event.target.value }),
              }}
            />
            <Input
              label={m.reference}
              hintText={m.referenceHint}
              {...fields.field('reference')}
              nativeInputProps={{
                name: 'reference',
                required: true,
                maxLength: 200,
                value: form.reference,
                onChange: (event) => setForm({ ...form, reference: event.target.value }),
              }}
            />
          </div>
          {!proxy.perReunion && (
            <Select
              label={m.proxyLimit}
              nativeSelectProps={{
                value: form.proxyLimit,
                onChange: (event) => setForm({ ...form, proxyLimit: event.target.value as ReglementInterieurForm['proxyLimit'] }),
              }}
            >
              <option value="">{m.lawLimit(proxy.article)}</option>
              <option value="2">{m.proxyLimitOption(2)}</option>
              <option value="1">{m.proxyLimitOption(1)}</option>
            </Select>
          )}
          <Checkbox
            options={[
              {
                label: m.commissionQuorum,
                hintText: m.commissionQuorumHint,
                nativeInputProps: {
                  checked: form.commissionQuorum,
                  onChange: (event) => setForm({ ...form, commissionQuorum: event.target.checked }),
                },
              },
            ]}
          />
          <Button size="small" type="submit" disabled={adding.loading}>
            {m.save}
          </Button>
          {adding.error && <GraphqlError error={adding.error} />}
        </fieldset>
      </form>
    </section>
  );
}
