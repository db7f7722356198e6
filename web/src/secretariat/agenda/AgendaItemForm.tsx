import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import type { AgendaItemInput, AgendaItemKind } from '../../graphql/generated/secretariat/graphql.ts';
import { messages } from '../messages.ts';
import { FormButtons } from '../../ui/FormButtons.tsx';
import { useFieldErrors } from '../../ui/form-errors.ts';

const m = messages.secretariat.agenda;
const kinds = Object.keys(messages.agendaKind) as AgendaItemKind[];

/**
 * The fields of one agenda item: title, kind, rapporteur, ICPE, huis clos, budget primitif (a délibération, where
 * `remoteParticipation` — the meeting's legal notice, null where the law provides none — says members may take part at a distance).
 */
export function AgendaItemForm({
  legend,
  initial,
  remoteParticipation,
  busy,
  onSave,
  onCancel,
}: {
  legend: string;
  initial?: AgendaItemInput;
  remoteParticipation: string | null;
  busy: boolean;
  onSave: (input: AgendaItemInput) => void;
  onCancel: () => void;
}) {
  const [title, setTitle] = useState(initial?.title ?? '');
  const [kind, setKind] = useState<AgendaItemKind>(initial?.kind ?? 'DELIBERATION');
  const [rapporteur, setRapporteur] = useState(initial?.rapporteur ?? '');
  const [icpe, setIcpe] = useState(initial?.icpe ?? false);
  const [closedSession, setClosedSession] = useState(initial?.closedSession ?? false);
  const [budgetPrimitif, setBudgetPrimitif] = useState(initial?.budgetPrimitif ?? false);
  const deliberation = kind === 'DELIBERATION';

  const fields = useFieldErrors();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!fields.check(event.currentTarget)) return;
    onSave({
      title: title.trim(),
      kind,
      rapporteur: rapporteur.trim() || null,
      icpe,
      closedSession,
      budgetPrimitif: deliberation && budgetPrimitif,
    });
  };

  return (
    <form noValidate onSubmit={submit} onInput={fields.onInput} className="cartable-console-form">
      <fieldset className="fr-fieldset">
        <legend className="fr-fieldset__legend">{legend}</legend>
        <div className="fr-fieldset__element">
          <Input
            label={m.itemTitle}
            {...fields.field('title')}
            nativeInputProps={{
              name: 'title',
              value: title,
              onChange: (event) => setTitle(event.target.value),
              required: true,
              maxLength: 500,
              autoFocus: true,
            }}
          />
        </div>
        <div className="fr-fieldset__element">
          <Select label={m.kind} nativeSelectProps={{ value: kind, onChange: (event) => setKind(event.target.value as AgendaItemKind) }}>
            {kinds.map((value) => (
              <option key={value} value={value}>
                {messages.agendaKind[value]}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-fieldset__element">
          <Input
            label={m.rapporteur}
            hintText={m.rapporteurHint}
            {...fields.field('rapporteur')}
            nativeInputProps={{
              name: 'rapporteur',
              value: rapporteur,
              onChange: (event) => setRapporteur(event.target.value),
              maxLength: 200,
            }}
          />
        </div>
        <div className="fr-fieldset__element">
          <Checkbox
            options={[
              {
                label: m.icpe,
                hintText: m.icpeHint,
                nativeInputProps: { checked: icpe, onChange: (event) => setIcpe(event.target.checked) },
              },
              {
                label: m.closedSession,
                hintText: m.closedSessionHint,
                nativeInputProps: { checked: closedSession, onChange: (event) => setClosedSession(event.target.checked) },
              },
              // The budget primitif matters only where members may take part at a distance (it excludes it): the API says where.
              ...(deliberation && remoteParticipation
                ? [
                    {
                      label: m.budgetPrimitif,
                      hintText: m.budgetPrimitifHint(remoteParticipation),
                      nativeInputProps: {
                        checked: budgetPrimitif,
                        onChange: (event: ChangeEvent<HTMLInputElement>) => setBudgetPrimitif(event.target.checked),
                      },
                    },
                  ]
                : []),
            ]}
          />
        </div>
        <FormButtons busy={busy} save={m.save} onCancel={onCancel} />
      </fieldset>
    </form>
  );
}
