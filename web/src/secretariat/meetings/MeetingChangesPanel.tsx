import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { ConsoleMeetingSummaryFragment } from '../../graphql/generated/secretariat/graphql.ts';
import { apiFailure } from '../../ui/api-failure.ts';
import { ConfirmPanel } from '../../ui/ConfirmPanel.tsx';
import { FormButtons } from '../../ui/FormButtons.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { CancelMeetingMutation, DuplicateMeetingMutation, MeetingChangesQuery, MoveMeetingMutation } from './changes-operations.ts';
import { messages } from '../messages.ts';
import { useZonedForm } from '../use-zoned-form.ts';
import { isoToLocalInput } from '../zoned-time.ts';

const m = messages.secretariat.changes;

interface PanelBody {
  id: string;
  slug: string;
  timeZone: string;
}

/** What became of the meeting: cancelled or moved, with the reason told to the officials. */
function LastChange({
  change,
  timeZone,
}: {
  change: { kind: string; reason: string; previousStartsAt: string; deadlineMet?: boolean | null };
  timeZone: string;
}) {
  const text =
    change.kind === 'CANCELLED' ? m.cancelled(change.reason) : m.moved(formatDateTime(change.previousStartsAt, timeZone), change.reason);
  return (
    <Alert
      severity={change.kind === 'CANCELLED' ? 'error' : 'info'}
      small
      className="fr-mb-2w"
      description={change.deadlineMet === false ? `${text} ${m.movedLate}` : text}
    />
  );
}

function CancelForm({
  body,
  meeting,
  draft,
  onDone,
}: {
  body: PanelBody;
  meeting: ConsoleMeetingSummaryFragment;
  draft: boolean;
  onDone: () => void;
}) {
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [cancel, { loading, error }] = useMutation(CancelMeetingMutation);
  const confirm = async () => {
    setMissing(!reason.trim());
    if (!reason.trim()) return;
    try {
      await cancel({ variables: { bodyId: body.id, meetingId: meeting.id, reason: reason.trim() } });
      onDone();
    } catch {
      // Shown from the mutation's state.
    }
  };
  return (
    <ConfirmPanel
      title={m.cancelTitle}
      text={draft ? m.cancelDraftText : m.cancelText}
      confirm={m.confirmCancel}
      busy={loading}
      onConfirm={() => void confirm()}
      onCancel={onDone}
    >
      {error && <GraphqlError error={error} />}
      <Input
        label={m.reason}
        hintText={m.reasonHint}
        textArea
        {...(missing ? { state: 'error' as const, stateRelatedMessage: m.reasonMissing } : {})}
        nativeTextAreaProps={{
          name: 'reason',
          value: reason,
          rows: 2,
          maxLength: 2000,
          'aria-required': true,
          onChange: (event) => {
            setReason(event.target.value);
            setMissing(false);
          },
        }}
      />
    </ConfirmPanel>
  );
}

function MoveForm({ body, meeting, onDone }: { body: PanelBody; meeting: ConsoleMeetingSummaryFragment; onDone: () => void }) {
  const [startsAt, setStartsAt] = useState(isoToLocalInput(meeting.startsAt, body.timeZone));
  const [place, setPlace] = useState(meeting.place ?? '');
  const [reason, setReason] = useState('');
  const [acceptLate, setAcceptLate] = useState(false);
  const [move, { loading, error }] = useMutation(MoveMeetingMutation);
  const { fields, submitWith, dateField } = useZonedForm(body.timeZone, m.badDate);
  const failure = apiFailure(error);
  const late = failure?.reason === 'DEADLINE_NOT_MET';
  const submit = submitWith(startsAt, async (iso) => {
    await move({
      variables: {
        bodyId: body.id,
        meetingId: meeting.id,
        input: { startsAt: iso, place: place.trim() || null, reason: reason.trim(), acceptLateConvocation: acceptLate },
      },
    });
    onDone();
  });

  return (
    <form noValidate onSubmit={(event) => void submit(event)} onInput={fields.onInput} className="cartable-console-form fr-mb-3w">
      <h2 className="fr-h5">{m.moveTitle}</h2>
      <p className="fr-text--sm">{m.moveText}</p>
      <Input
        label={m.newStartsAt(body.timeZone)}
        {...dateField('startsAt')}
        nativeInputProps={{
          name: 'startsAt',
          type: 'datetime-local',
          value: startsAt,
          required: true,
          onChange: (event) => setStartsAt(event.target.value),
        }}
      />
      <Input
        label={m.newPlace}
        textArea
        nativeTextAreaProps={{ name: 'place', value: place, rows: 2, maxLength: 500, onChange: (event) => setPlace(event.target.value) }}
      />
      <Input
        label={m.reason}
        hintText={m.reasonHint}
        textArea
        {...fields.field('reason')}
        nativeTextAreaProps={{
          name: 'reason',
          value: reason,
          rows: 2,
          maxLength: 2000,
          required: true,
          onChange: (event) => setReason(event.target.value),
        }}
      />
      {late ? (
        <>
          <Alert severity="warning" title={m.lateTitle} description={failure.message} className="fr-mb-2w" />
          <Checkbox
            options={[
              { label: m.acceptLate, nativeInputProps: { checked: acceptLate, onChange: (event) => setAcceptLate(event.target.checked) } },
            ]}
          />
        </>
      ) : (
        error && <GraphqlError error={error} />
      )}
      <FormButtons busy={loading} save={m.confirmMove} onCancel={onDone} />
    </form>
  );
}

function DuplicateForm({ body, meeting, onDone }: { body: PanelBody; meeting: ConsoleMeetingSummaryFragment; onDone: () => void }) {
  const [startsAt, setStartsAt] = useState('');
  const [title, setTitle] = useState(meeting.title);
  const [duplicate, { loading, error }] = useMutation(DuplicateMeetingMutation);
  const { fields, submitWith, dateField } = useZonedForm(body.timeZone, m.badDate);
  const navigate = useNavigate();
  const submit = submitWith(startsAt, async (iso) => {
    const result = await duplicate({
      variables: { bodyId: body.id, meetingId: meeting.id, input: { startsAt: iso, title: title.trim() } },
    });
    if (result.data) {
      onDone();
      void navigate(`/secretariat/${body.slug}/seances/${result.data.duplicateMeeting.id}`);
    }
  });

  return (
    <form noValidate onSubmit={(event) => void submit(event)} onInput={fields.onInput} className="cartable-console-form fr-mb-3w">
      <h2 className="fr-h5">{m.duplicateTitle}</h2>
      <p className="fr-text--sm">{m.duplicateText}</p>
      {error && <GraphqlError error={error} />}
      <Input
        label={m.duplicateTitleField}
        {...fields.field('title')}
        nativeInputProps={{
          name: 'title',
          value: title,
          required: true,
          maxLength: 300,
          onChange: (event) => setTitle(event.target.value),
        }}
      />
      <Input
        label={m.duplicateStartsAt(body.timeZone)}
        {...dateField('startsAt')}
        nativeInputProps={{
          name: 'startsAt',
          type: 'datetime-local',
          value: startsAt,
          required: true,
          onChange: (event) => setStartsAt(event.target.value),
        }}
      />
      <FormButtons busy={loading} save={m.confirmDuplicate} onCancel={onDone} />
    </form>
  );
}

/**
 * A meeting's changes in the secretariat console: what became of it (cancelled, moved), and the actions
 * « Annuler la séance » (a draft, or convened and not started), « Déplacer » (convened, not started),
 * « Dupliquer » (any meeting, as a template), each asking before it acts.
 */
export function MeetingChangesPanel({
  body,
  meeting,
  onChanged,
}: {
  body: PanelBody;
  meeting: ConsoleMeetingSummaryFragment;
  onChanged: () => void;
}) {
  const { data } = useQuery(MeetingChangesQuery, {
    variables: { slug: body.slug, meetingId: meeting.id },
    fetchPolicy: 'cache-and-network',
  });
  const [mode, setMode] = useState<'cancel' | 'move' | 'duplicate' | null>(null);
  const change = data?.body.meeting.lastChange;
  const upcoming = Date.parse(meeting.startsAt) > Date.now();
  const cancellable = meeting.status === 'DRAFT' || (meeting.status === 'CONVENED' && upcoming);
  const movable = meeting.status === 'CONVENED' && upcoming;
  const close = () => setMode(null);
  const changed = () => {
    setMode(null);
    onChanged();
  };

  return (
    <div className="fr-mb-2w">
      {change && <LastChange change={change} timeZone={body.timeZone} />}
      {mode === 'cancel' && <CancelForm body={body} meeting={meeting} draft={meeting.status === 'DRAFT'} onDone={changed} />}
      {mode === 'move' && <MoveForm body={body} meeting={meeting} onDone={changed} />}
      {mode === 'duplicate' && <DuplicateForm body={body} meeting={meeting} onDone={close} />}
      {mode === null && (
        <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm fr-btns-group--icon-left" aria-label={m.title}>
          {movable && (
            <li>
              <Button priority="secondary" iconId="fr-icon-calendar-line" onClick={() => setMode('move')}>
                {m.move}
              </Button>
            </li>
          )}
          <li>
            <Button priority="secondary" iconId="fr-icon-file-add-line" onClick={() => setMode('duplicate')}>
              {m.duplicate}
            </Button>
          </li>
          {cancellable && (
            <li>
              <Button priority="tertiary" iconId="fr-icon-close-circle-line" onClick={() => setMode('cancel')}>
                {m.cancel}
              </Button>
            </li>
          )}
        </ul>
      )}
    </div>
  );
}
