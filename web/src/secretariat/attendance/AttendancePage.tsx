import { useMutation, useQuery } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { useState, type FormEvent } from 'react';
import type { AttendanceStatus, MeetingAttendanceFieldsFragment } from '../../graphql/generated/secretariat/graphql.ts';
import { locale } from '../../i18n/messages.ts';
import { messages } from '../messages.ts';
import { formatShortDate } from '../../ui/format.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { useFieldErrors } from '../../ui/form-errors.ts';
import { entriesToRecord, initialChoices, possibleHolders, type AttendanceChoice } from './attendance-form.ts';
import { MarkMeetingHeldMutation, MeetingAttendanceQuery, RecordAttendanceMutation } from './attendance-operations.ts';
import { useMeetingConsole } from '../console-context.ts';
import { NotConvenedYet } from '../convening/NotConvenedYet.tsx';
import { ProxyHolderSelect } from '../follow-up/ProxyHolderSelect.tsx';
import { QuorumCallout } from '../follow-up/QuorumCallout.tsx';
import { SecondConvocationPanel } from '../meetings/SecondConvocationPanel.tsx';

const m = messages.secretariat.attendance;
const statuses: AttendanceStatus[] = ['PRESENT', 'ABSENT', 'REPRESENTED'];

type Attendance = MeetingAttendanceFieldsFragment;

/** The attendance form, one fieldset per official convened; its state starts from `attendance` (keyed by the caller). */
function AttendanceForm({
  attendance,
  bodyId,
  meetingId,
  timeZone,
  remoteRule,
  onRecorded,
}: {
  attendance: Attendance;
  bodyId: string;
  meetingId: string;
  timeZone: string;
  /** Where the law allows remote participation: the sentence saying so; null otherwise. */
  remoteRule: string | null;
  onRecorded: () => void;
}) {
  const [choices, setChoices] = useState(() => initialChoices(attendance.entries));
  const [record, recording] = useMutation(RecordAttendanceMutation);
  const fields = useFieldErrors();
  const prefilled = [...choices.values()].some((choice) => choice.source === 'ANNOUNCED');
  const choose = (personId: string, change: Partial<AttendanceChoice>) =>
    setChoices((current) => new Map(current).set(personId, { ...current.get(personId)!, ...change }));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!fields.check(event.currentTarget)) return;
    try {
      await record({ variables: { bodyId, input: { meetingId, entries: entriesToRecord(choices) } } });
      onRecorded();
    } catch {
      // Shown from the mutation's state.
    }
  };

  return (
    <form noValidate onSubmit={(event) => void submit(event)} onInput={fields.onInput} aria-labelledby="attendance-form-heading">
      <h3 id="attendance-form-heading">{m.formTitle}</h3>
      {prefilled && <p className="fr-badge fr-badge--info fr-mb-2w">{m.prefilledNotice}</p>}
      {attendance.entries.map((entry) => {
        const choice = choices.get(entry.personId)!;
        const holders = possibleHolders(attendance.entries, choices, entry.personId);
        return (
          <div key={entry.personId} className="fr-mb-2w">
            <RadioButtons
              legend={entry.votingRight ? entry.displayName : m.withoutVote(entry.displayName)}
              name={`attendance-${entry.personId}`}
              orientation="horizontal"
              hintText={
                choice.source === 'ANNOUNCED'
                  ? m.prefilled
                  : choice.source === 'RECORDED' && entry.recordedAt
                    ? m.recordedAt(formatShortDate(entry.recordedAt, timeZone))
                    : m.notRecorded
              }
              options={statuses.map((status) => ({
                label: m.statuses[status],
                nativeInputProps: {
                  value: status,
                  checked: choice.status === status,
                  disabled: status === 'REPRESENTED' && !entry.votingRight,
                  onChange: () => choose(entry.personId, { status }),
                },
              }))}
            />
            {remoteRule && choice.status === 'PRESENT' && (
              <Checkbox
                small
                options={[
                  {
                    label: m.remote,
                    hintText: remoteRule,
                    nativeInputProps: {
                      checked: choice.remote,
                      'aria-label': m.remoteOf(entry.displayName),
                      onChange: (event) => choose(entry.personId, { remote: event.target.checked }),
                    },
                  },
                ]}
              />
            )}
            {choice.status === 'REPRESENTED' && (
              <ProxyHolderSelect
                label={m.representedBy(entry.displayName)}
                hint={m.representedByHint}
                placeholder={m.chooseHolder}
                holders={holders}
                value={choice.proxyHolderId}
                onChange={(proxyHolderId) => choose(entry.personId, { proxyHolderId })}
                name={`holder-${entry.personId}`}
                error={fields.error(`holder-${entry.personId}`)}
              />
            )}
          </div>
        );
      })}
      {recording.error && <GraphqlError error={recording.error} />}
      <Button type="submit" iconId="fr-icon-save-line" disabled={recording.loading}>
        {m.save}
      </Button>
    </form>
  );
}

/**
 * « Présences »: the attendance actually recorded in session, from the meeting's day on — pre-filled from
 * the announced answers, the quorum it reaches with its rule, then « Clore la séance » (meeting held).
 */
export function AttendancePage() {
  const { body, meeting: consoleMeeting, refetch: refetchMeeting } = useMeetingConsole();
  const { data, error, refetch } = useQuery(MeetingAttendanceQuery, {
    variables: { slug: body.slug, meetingId: consoleMeeting.id },
    fetchPolicy: 'cache-and-network',
  });
  const [announcement, setAnnouncement] = useState('');
  const [markHeld, marking] = useMutation(MarkMeetingHeldMutation);

  if (!data) return error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p>{messages.app.loading}</p>;
  const { meeting } = data.body;
  const attendance = meeting.attendance;

  if (!attendance) return <NotConvenedYet headingId="attendance-heading" title={m.title} reason={m.notConvened} />;

  const hold = async () => {
    try {
      await markHeld({ variables: { bodyId: body.id, meetingId: meeting.id } });
      setAnnouncement(m.held);
      await Promise.all([refetch(), refetchMeeting()]);
    } catch {
      // Shown from the mutation's state.
    }
  };

  return (
    <section aria-labelledby="attendance-heading">
      <h2 id="attendance-heading">{m.title}</h2>
      <p className="fr-text--sm">{m.intro}</p>
      <p role="status" aria-live="polite" className="cartable-builder__status fr-text--sm">
        {announcement}
      </p>
      {meeting.secondConvocation && (
        <div className="fr-notice fr-notice--info fr-mb-2w">
          <div className="fr-container">
            <div className="fr-notice__body">
              <p className="fr-notice__title">
                {m.secondConvocationNotice(formatShortDate(meeting.secondConvocation.firstMeeting.startsAt, body.timeZone))}
              </p>
              <p className="fr-text--sm fr-mb-0">{meeting.secondConvocation.text}</p>
            </div>
          </div>
        </div>
      )}
      {meeting.quorumFailure && <SecondConvocationPanel body={body} meetingId={meeting.id} failure={meeting.quorumFailure} />}
      {!attendance.open ? (
        <p>
          {meeting.status === 'CONVENED'
            ? m.opensOn(
                new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${attendance.opensOn}T12:00:00Z`)),
              )
            : m.closed}
        </p>
      ) : (
        <>
          <QuorumCallout quorum={attendance.quorum} texts={m} />
          {meeting.status === 'HELD' && <p className="fr-badge fr-badge--success fr-mb-2w">{m.heldNotice}</p>}
          <AttendanceForm
            key={attendance.entries.map((entry) => `${entry.personId}:${entry.recordedAt ?? ''}`).join()}
            attendance={attendance}
            bodyId={body.id}
            meetingId={meeting.id}
            timeZone={body.timeZone}
            remoteRule={meeting.legalNotices.remoteParticipation ?? null}
            onRecorded={() => {
              setAnnouncement(m.recorded);
              void refetch();
            }}
          />
          {meeting.status === 'CONVENED' && (
            <div className="fr-mt-4w">
              <h3>{m.holdTitle}</h3>
              <p className="fr-text--sm">{m.holdIntro}</p>
              {marking.error && <GraphqlError error={marking.error} />}
              <Button priority="secondary" iconId="fr-icon-check-line" disabled={marking.loading} onClick={() => void hold()}>
                {m.hold}
              </Button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
