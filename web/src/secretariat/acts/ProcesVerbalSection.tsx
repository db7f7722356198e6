import { useMutation, useQuery } from '@apollo/client/react';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useState } from 'react';
import type { ConsoleProcesVerbalFieldsFragment } from '../../graphql/generated/secretariat/graphql.ts';
import { formatDateTime, formatDay, formatShortDate } from '../../ui/format.ts';
import { OutcomeMessage } from '../../ui/OutcomeMessage.tsx';
import { messages } from '../messages.ts';
import { AuthorForm } from './AuthorForm.tsx';
import {
  ArreteMeetingAgendaQuery,
  ArreteProcesVerbalMutation,
  CreateProcesVerbalMutation,
  FinaliseProcesVerbalMutation,
  PublishProcesVerbalMutation,
  ScheduleProcesVerbalArreteMutation,
  SetProcesVerbalSummaryMutation,
} from './operations.ts';
import { useActAction } from './use-act-action.ts';
import { useFieldErrors } from '../../ui/form-errors.ts';

const m = messages.secretariat.acts;
type Item = { id: string; number: string; title: string };
type Meeting = { id: string; title: string; startsAt: string; assembly: { id: string } };
type ActsBody = {
  id: string;
  slug: string;
  timeZone: string;
  meetings: readonly Meeting[];
  legalArticles: { minutes: string | null; publicationMentions: string | null };
};

/** The summary of the discussions on one item, saved on its own. */
function ItemSummary({ item, initial, onSave, busy }: { item: Item; initial: string; busy: boolean; onSave: (summary: string) => void }) {
  const [summary, setSummary] = useState(initial);
  return (
    <form
      noValidate
      className="fr-mb-2w"
      onSubmit={(event) => {
        event.preventDefault();
        onSave(summary);
      }}
    >
      <Input
        label={m.pv.summary(item.number, item.title)}
        textArea
        nativeTextAreaProps={{ rows: 4, maxLength: 50_000, value: summary, onChange: (event) => setSummary(event.target.value) }}
      />
      <Button
        type="submit"
        size="small"
        priority="secondary"
        disabled={busy}
        nativeButtonProps={{ 'aria-label': `${m.pv.saveSummary} — ${item.number}. ${item.title}` }}
      >
        {m.pv.saveSummary}
      </Button>
    </form>
  );
}

/** The later séances of the assembly and, once one is chosen, the item of its agenda that arrêtera the PV. */
function ScheduleArrete({
  body,
  later,
  busy,
  onSchedule,
}: {
  body: ActsBody;
  later: readonly Meeting[];
  busy: boolean;
  onSchedule: (itemId: string) => void;
}) {
  const [meetingId, setMeetingId] = useState('');
  const [itemId, setItemId] = useState('');
  const fields = useFieldErrors();
  const { data } = useQuery(ArreteMeetingAgendaQuery, { variables: { slug: body.slug, meetingId }, skip: !meetingId });
  return (
    <form
      noValidate
      onInput={fields.onInput}
      className="cartable-console-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (fields.check(event.currentTarget)) onSchedule(itemId);
      }}
    >
      <p className="fr-text--sm">{m.pv.notScheduled}</p>
      <div className="cartable-inline-fields">
        <Select
          label={m.pv.scheduleMeeting}
          {...fields.field('meetingId')}
          nativeSelectProps={{
            name: 'meetingId',
            value: meetingId,
            required: true,
            onChange: (event) => (setMeetingId(event.target.value), setItemId('')),
          }}
        >
          <option value="">{m.pv.choose}</option>
          {later.map((meeting) => (
            <option key={meeting.id} value={meeting.id}>
              {meeting.title} — {formatDateTime(meeting.startsAt, body.timeZone)}
            </option>
          ))}
        </Select>
        <Select
          label={m.pv.scheduleItem}
          disabled={!data}
          {...fields.field('itemId')}
          nativeSelectProps={{ name: 'itemId', value: itemId, required: true, onChange: (event) => setItemId(event.target.value) }}
        >
          <option value="">{m.pv.choose}</option>
          {data?.body.meeting.agenda.map((item) => (
            <option key={item.id} value={item.id}>
              {item.number}. {item.title}
            </option>
          ))}
        </Select>
      </div>
      <Button type="submit" size="small" priority="secondary" disabled={busy || !itemId}>
        {m.pv.schedule}
      </Button>
    </form>
  );
}

/** The procès-verbal of a held séance, from its writing to its publication (L2121-15, L3121-13: the API gives the body's article). */
export function ProcesVerbalSection({
  body,
  meeting,
  pv,
  items,
  refetch,
}: {
  body: ActsBody;
  meeting: Meeting;
  pv: ConsoleProcesVerbalFieldsFragment | null;
  items: readonly Item[];
  refetch: () => Promise<unknown>;
}) {
  const { outcome, busy, run } = useActAction(refetch);
  const [requests, setRequests] = useState('');
  const [create] = useMutation(CreateProcesVerbalMutation);
  const [summarise] = useMutation(SetProcesVerbalSummaryMutation);
  const [finalise] = useMutation(FinaliseProcesVerbalMutation);
  const [schedule] = useMutation(ScheduleProcesVerbalArreteMutation);
  const [arrete] = useMutation(ArreteProcesVerbalMutation);
  const [publish] = useMutation(PublishProcesVerbalMutation);
  const bodyId = body.id;
  const arreteMeeting = pv?.arreteMeetingId ? body.meetings.find((candidate) => candidate.id === pv.arreteMeetingId) : undefined;
  const later = body.meetings.filter((candidate) => candidate.assembly.id === meeting.assembly.id && candidate.startsAt > meeting.startsAt);
  return (
    <section aria-labelledby="pv-heading" className="fr-mt-4w">
      <h3 id="pv-heading" className="fr-h4">
        {m.pv.title}
      </h3>
      <p>{m.pv.intro(body.legalArticles.minutes)}</p>
      <OutcomeMessage outcome={outcome} />
      {!pv ? (
        <form
          noValidate
          className="cartable-console-form"
          onSubmit={(event) => {
            event.preventDefault();
            void run(
              () => create({ variables: { bodyId, meetingId: meeting.id, input: { particularBallotRequests: requests } } }),
              m.pv.created,
            );
          }}
        >
          <Input
            label={m.pv.requests}
            hintText={m.pv.requestsHint}
            textArea
            nativeTextAreaProps={{ rows: 3, maxLength: 20_000, value: requests, onChange: (event) => setRequests(event.target.value) }}
          />
          <Button type="submit" iconId="fr-icon-edit-line" disabled={busy}>
            {m.pv.create}
          </Button>
        </form>
      ) : (
        <>
          <p>
            <Badge severity={pv.status === 'SIGNED' ? 'success' : 'info'} small>
              {m.pv.status[pv.status]}
            </Badge>{' '}
            {pv.publishedAt && (
              <Badge severity="success" small>
                {m.publish.badge}
              </Badge>
            )}
          </p>
          {pv.pdfUrl && (
            <p>
              <a className="fr-link fr-icon-file-pdf-line fr-link--icon-left" href={pv.pdfUrl} target="_blank" rel="noopener noreferrer">
                {m.pdf(m.pv.title)}
              </a>
            </p>
          )}
          {pv.status === 'DRAFT' && (
            <>
              {items.map((item) => (
                <ItemSummary
                  key={item.id}
                  item={item}
                  busy={busy}
                  initial={pv.summaries.find((summary) => summary.agendaItemId === item.id)?.summary ?? ''}
                  onSave={(summary) =>
                    void run(
                      () => summarise({ variables: { bodyId, id: pv.id, agendaItemId: item.id, summary } }),
                      m.pv.summarySaved(item.number),
                    )
                  }
                />
              ))}
              <Button
                iconId="fr-icon-lock-line"
                disabled={busy}
                onClick={() => void run(() => finalise({ variables: { bodyId, id: pv.id } }), m.pv.finalised)}
              >
                {m.pv.finalise}
              </Button>
            </>
          )}
          {pv.status === 'FINALISED' &&
            (pv.arreteMeetingId ? (
              <>
                <p className="fr-text--sm">{m.pv.scheduled(arreteMeeting ? formatDateTime(arreteMeeting.startsAt, body.timeZone) : '—')}</p>
                <Button
                  priority="secondary"
                  disabled={busy}
                  onClick={() => void run(() => arrete({ variables: { bodyId, id: pv.id } }), m.pv.arreteDone)}
                >
                  {m.pv.arrete}
                </Button>
              </>
            ) : (
              <ScheduleArrete
                body={body}
                later={later}
                busy={busy}
                onSchedule={(itemId) =>
                  void run(() => schedule({ variables: { bodyId, id: pv.id, agendaItemId: itemId } }), m.pv.scheduledDone)
                }
              />
            ))}
          {pv.arreteAt && <p className="fr-text--sm fr-mb-1w">{m.pv.arreteAt(formatDay(pv.arreteAt, body.timeZone))}</p>}
          {pv.publicationDueAt && !pv.publishedAt && (
            <p className="fr-text--sm fr-mb-1w">{m.pv.due(formatDay(pv.publicationDueAt, body.timeZone))}</p>
          )}
          {(pv.status === 'ARRETE' || pv.status === 'SIGNED') && (
            <>
              <p className="fr-text--sm fr-text--bold fr-mb-0">{m.pv.signatures}</p>
              {pv.signatures.length === 0 ? (
                <p className="fr-text--sm">{m.pv.noSignature}</p>
              ) : (
                <ul className="fr-text--sm">
                  {pv.signatures.map((signature) => (
                    <li key={signature.personId}>
                      {m.pv.signature(signature.signerName, m.role[signature.role], formatShortDate(signature.signedAt, body.timeZone))}
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
          {pv.status === 'SIGNED' && !pv.publishedAt && (
            <AuthorForm
              article={body.legalArticles.publicationMentions}
              busy={busy}
              onPublish={(author) => void run(() => publish({ variables: { bodyId, id: pv.id, author } }), m.pv.publishDone)}
            />
          )}
          {pv.publishedAt && (
            <p className="fr-text--sm">
              {m.pv.published(formatShortDate(pv.publishedAt, body.timeZone), pv.publishedByName ?? '', pv.publishedByQuality ?? '')}{' '}
              <a className="fr-link fr-link--sm" href={`/public/${body.slug}/actes`} target="_blank" rel="noopener noreferrer">
                {m.publish.publicPage}
              </a>
            </p>
          )}
        </>
      )}
    </section>
  );
}
