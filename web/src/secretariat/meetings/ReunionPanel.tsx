import { useMutation, useQuery } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useState, type FormEvent } from 'react';
import { messages } from '../messages.ts';
import { succeeded } from '../../ui/api-failure.ts';
import { formatDateTime } from '../../ui/format.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { openingSeanceId, reunionCandidates, reunionSearchFrom } from '../settings/legal-settings.ts';
import { MeetingReunionQuery, SetMeetingReunionMutation } from '../operations.ts';

const m = messages.secretariat.reunion;

/** Départements and régions: a draft séance continues the réunion opened by an earlier séance of its assembly, or opens its own. */
export function ReunionPanel({
  body,
  meeting,
}: {
  body: { id: string; slug: string; timeZone: string; legalArticles: { proxy: string } };
  meeting: { id: string; startsAt: string; status: string; assembly: { id: string } };
}) {
  const { data, error } = useQuery(MeetingReunionQuery, {
    variables: { slug: body.slug, meetingId: meeting.id, from: reunionSearchFrom(meeting.startsAt) },
    fetchPolicy: 'cache-and-network',
  });
  const [choice, setChoice] = useState<string | null>(null);
  const [save, saving] = useMutation(SetMeetingReunionMutation);
  const [saved, setSaved] = useState(false);
  if (!data) return error ? <GraphqlError error={error} /> : null;
  const current = openingSeanceId(meeting.id, data.body.meeting.reunionSeances);
  const selected = choice ?? current ?? '';
  const candidates = reunionCandidates(data.body.meetings, meeting);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    if (await succeeded(() => save({ variables: { bodyId: body.id, meetingId: meeting.id, reunionMeetingId: selected || null } })))
      setSaved(true);
  };

  return (
    <section aria-labelledby="reunion-heading" className="fr-mb-3w">
      <h2 id="reunion-heading" className="fr-h5">
        {m.title}
      </h2>
      <p className="fr-text--sm">{m.intro(body.legalArticles.proxy)}</p>
      <form noValidate className="cartable-console-form" onSubmit={(event) => void submit(event)}>
        <Select label={m.label} nativeSelectProps={{ value: selected, onChange: (event) => setChoice(event.target.value) }}>
          <option value="">{m.own}</option>
          {candidates.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {`${candidate.title} — ${formatDateTime(candidate.startsAt, body.timeZone)}`}
            </option>
          ))}
        </Select>
        <Button size="small" type="submit" disabled={saving.loading}>
          {m.save}
        </Button>
        {saving.error && <GraphqlError error={saving.error} />}
        <p role="status" aria-live="polite" className="fr-text--sm fr-mb-0">
          {saved ? m.saved : ''}
        </p>
      </form>
    </section>
  );
}
