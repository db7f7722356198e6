import { useMutation } from '@apollo/client/react';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useState } from 'react';
import type { ConsoleMeetingSummaryFragment } from '../../graphql/generated/secretariat/graphql.ts';
import { messages } from '../messages.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { FormButtons } from '../../ui/FormButtons.tsx';
import { CreateMeetingMutation, UpdateMeetingMutation } from '../operations.ts';
import { useZonedForm } from '../use-zoned-form.ts';
import { isoToLocalInput } from '../zoned-time.ts';

const m = messages.secretariat.meetingForm;

interface FormBody {
  id: string;
  timeZone: string;
  assemblies: readonly { id: string; name: string; kind: string }[];
}

/** The assembly a new meeting most often belongs to: the plenary one (the council), else the first. */
export function defaultAssemblyId(assemblies: FormBody['assemblies']): string {
  return (assemblies.find((assembly) => assembly.kind.startsWith('CONSEIL_')) ?? assemblies[0])?.id ?? '';
}

type EditedMeeting = ConsoleMeetingSummaryFragment & { urgencyJustification?: string | null };

/** Creates a meeting (a draft), or changes one that is still a draft. Times are the body's wall clock. */
export function MeetingForm({
  body,
  meeting,
  onDone,
  onCancel,
}: {
  body: FormBody;
  meeting?: EditedMeeting;
  onDone: (meeting: ConsoleMeetingSummaryFragment) => void;
  onCancel: () => void;
}) {
  const [assemblyId, setAssemblyId] = useState(meeting?.assembly.id ?? defaultAssemblyId(body.assemblies));
  const [title, setTitle] = useState(meeting?.title ?? '');
  const [startsAt, setStartsAt] = useState(meeting ? isoToLocalInput(meeting.startsAt, body.timeZone) : '');
  const [place, setPlace] = useState(meeting?.place ?? '');
  const [create, created] = useMutation(CreateMeetingMutation);
  const [update, updated] = useMutation(UpdateMeetingMutation);
  const error = created.error ?? updated.error;
  const { fields, submitWith, dateField } = useZonedForm(body.timeZone, m.badDate);

  const submit = submitWith(startsAt, async (iso) => {
    const input = {
      assemblyId,
      title: title.trim(),
      startsAt: iso,
      place: place.trim() || null,
      urgent: meeting?.urgent ?? false,
      urgencyJustification: meeting?.urgencyJustification ?? null,
    };
    if (meeting) {
      const result = await update({ variables: { bodyId: body.id, meetingId: meeting.id, input } });
      if (result.data) onDone(result.data.updateMeeting);
    } else {
      const result = await create({ variables: { bodyId: body.id, input } });
      if (result.data) onDone(result.data.createMeeting);
    }
  });

  return (
    <form noValidate onSubmit={(event) => void submit(event)} onInput={fields.onInput} className="cartable-console-form">
      <h2 className="fr-h4">{meeting ? m.editTitle : m.createTitle}</h2>
      {error && <GraphqlError error={error} />}
      <Select
        label={m.assembly}
        {...fields.field('assemblyId')}
        nativeSelectProps={{
          name: 'assemblyId',
          value: assemblyId,
          onChange: (event) => setAssemblyId(event.target.value),
          required: true,
        }}
      >
        {body.assemblies.map((assembly) => (
          <option key={assembly.id} value={assembly.id}>
            {assembly.name}
          </option>
        ))}
      </Select>
      <Input
        label={m.title}
        hintText={m.titleHint}
        {...fields.field('title')}
        nativeInputProps={{
          name: 'title',
          value: title,
          onChange: (event) => setTitle(event.target.value),
          required: true,
          maxLength: 300,
        }}
      />
      <Input
        label={m.startsAt(body.timeZone)}
        {...dateField('startsAt')}
        nativeInputProps={{
          name: 'startsAt',
          type: 'datetime-local',
          value: startsAt,
          onChange: (event) => setStartsAt(event.target.value),
          required: true,
        }}
      />
      <Input
        label={m.place}
        hintText={m.placeHint}
        textArea
        {...fields.field('place')}
        nativeTextAreaProps={{ name: 'place', value: place, onChange: (event) => setPlace(event.target.value), rows: 2, maxLength: 500 }}
      />
      <FormButtons busy={created.loading || updated.loading} save={meeting ? m.save : m.create} onCancel={onCancel} />
    </form>
  );
}
