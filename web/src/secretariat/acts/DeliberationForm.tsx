import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useState } from 'react';
import type { ActSettingsFieldsFragment, ConsoleDeliberationFieldsFragment } from '../../graphql/generated/secretariat/graphql.ts';
import { FormButtons } from '../../ui/FormButtons.tsx';
import { FormSection } from '../../ui/FormSection.tsx';
import { useFieldErrors } from '../../ui/form-errors.ts';
import { messages } from '../messages.ts';

const m = messages.secretariat.acts.form;

export interface DeliberationDraft {
  title: string;
  matiereCode: string;
  rapporteur: string;
  presidentId: string;
  secretaryIds: string[];
  visas: string;
  considerants: string;
  dispositif: string;
}

/** What a new act starts from: the item's title and rapporteur, the séance's secrétaires, the body's templates. */
export function newDraft(
  item: { title: string; rapporteur?: string | null },
  secretaryIds: string[],
  settings: ActSettingsFieldsFragment,
): DeliberationDraft {
  return {
    title: item.title,
    matiereCode: '',
    rapporteur: item.rapporteur ?? '',
    presidentId: '',
    secretaryIds,
    visas: settings.templateVisas,
    considerants: settings.templateConsiderants,
    dispositif: settings.templateDispositif,
  };
}

export function draftOf(act: ConsoleDeliberationFieldsFragment): DeliberationDraft {
  return {
    title: act.title,
    matiereCode: act.matiereCode,
    rapporteur: act.rapporteur ?? '',
    presidentId: act.signatories.find((signatory) => signatory.role === 'PRESIDENT')?.personId ?? '',
    secretaryIds: act.signatories.filter((signatory) => signatory.role === 'SECRETARY').map((signatory) => signatory.personId),
    visas: act.visas,
    considerants: act.considerants,
    dispositif: act.dispositif,
  };
}

/** The délibération's text and signatories, written by the secretariat until it is finalised. */
export function DeliberationForm({
  title,
  initial,
  members,
  busy,
  onSave,
  onCancel,
}: {
  title: string;
  initial: DeliberationDraft;
  members: readonly { personId: string; displayName: string }[];
  busy: boolean;
  onSave: (draft: DeliberationDraft) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const fields = useFieldErrors();
  const set = (field: keyof DeliberationDraft) => (event: { target: { value: string } }) =>
    setDraft({ ...draft, [field]: event.target.value });
  return (
    <FormSection
      minor
      title={title}
      fields={fields}
      onSubmit={(event) => {
        event.preventDefault();
        onSave(draft);
      }}
    >
      <Input
        label={m.title}
        {...fields.field('title')}
        nativeInputProps={{ name: 'title', required: true, maxLength: 500, value: draft.title, onChange: set('title') }}
      />
      <div className="cartable-inline-fields">
        <Input
          label={m.matiereCode}
          hintText={m.matiereHint}
          {...fields.field('matiereCode')}
          nativeInputProps={{ name: 'matiereCode', required: true, maxLength: 10, value: draft.matiereCode, onChange: set('matiereCode') }}
        />
        <Input
          label={m.rapporteur}
          nativeInputProps={{ name: 'rapporteur', maxLength: 200, value: draft.rapporteur, onChange: set('rapporteur') }}
        />
      </div>
      <Select label={m.president} nativeSelectProps={{ name: 'presidentId', value: draft.presidentId, onChange: set('presidentId') }}>
        <option value="">{m.presidentDefault}</option>
        {members.map((member) => (
          <option key={member.personId} value={member.personId}>
            {member.displayName}
          </option>
        ))}
      </Select>
      <Checkbox
        legend={m.secretaries}
        hintText={m.secretariesHint}
        options={members.map((member) => ({
          label: member.displayName,
          nativeInputProps: {
            name: 'secretaryIds',
            value: member.personId,
            checked: draft.secretaryIds.includes(member.personId),
            onChange: (event) =>
              setDraft({
                ...draft,
                secretaryIds: event.target.checked
                  ? [...draft.secretaryIds, member.personId]
                  : draft.secretaryIds.filter((id) => id !== member.personId),
              }),
          },
        }))}
      />
      <Input
        label={m.visas}
        hintText={m.templatesHint}
        textArea
        nativeTextAreaProps={{ name: 'visas', rows: 4, maxLength: 20_000, value: draft.visas, onChange: set('visas') }}
      />
      <Input
        label={m.considerants}
        textArea
        nativeTextAreaProps={{ name: 'considerants', rows: 4, maxLength: 20_000, value: draft.considerants, onChange: set('considerants') }}
      />
      <Input
        label={m.dispositif}
        textArea
        {...fields.field('dispositif')}
        nativeTextAreaProps={{
          name: 'dispositif',
          rows: 6,
          required: true,
          maxLength: 50_000,
          value: draft.dispositif,
          onChange: set('dispositif'),
        }}
      />
      <FormButtons busy={busy} save={m.save} onCancel={onCancel} />
    </FormSection>
  );
}

/** The draft as the API takes it: the président left out means the assembly's president. */
export function deliberationInput(draft: DeliberationDraft) {
  return {
    title: draft.title,
    matiereCode: draft.matiereCode,
    rapporteur: draft.rapporteur || null,
    presidentId: draft.presidentId || null,
    secretaryIds: draft.secretaryIds,
    visas: draft.visas,
    considerants: draft.considerants,
    dispositif: draft.dispositif,
  };
}
