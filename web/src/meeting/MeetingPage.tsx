import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { Link, useParams } from 'react-router';
import type { AgendaItemFieldsFragment, DocumentChange } from '../graphql/generated/graphql.ts';
import { messages } from '../i18n/messages.ts';
import { formatDateTime, formatDay, formatShortDate, mapUrl } from '../ui/format.ts';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { AgendaItemBadges } from '../ui/AgendaItemBadges.tsx';
import { MeetingBadges } from '../ui/MeetingStatusBadge.tsx';
import { AnswerPanel } from './AnswerPanel.tsx';
import { ConvocationPanel } from './ConvocationPanel.tsx';
import { OfflineCopyPanel } from './OfflineCopyPanel.tsx';
import { documentNovelties } from './supplements.ts';
import { useMeeting, type MeetingBody, type MeetingDocument } from './use-meeting.ts';

const m = messages.meeting;

type AgendaEntry = AgendaItemFieldsFragment & { children?: AgendaItemFieldsFragment[] };
/** Documents added or replaced since the convocation itself. */
type Novelties = ReadonlyMap<string, DocumentChange>;

function DocumentLinks({ body, documents, novelties }: { body: MeetingBody; documents: MeetingDocument[]; novelties: Novelties }) {
  if (documents.length === 0) return null;
  return (
    <ul className="cartable-documents">
      {documents.map((document) => {
        const latest = document.versions[0];
        const novelty = novelties.get(document.id);
        return (
          <li key={document.id}>
            {novelty && (
              <Badge small severity="new" className="fr-mr-1w">
                {messages.convocation[novelty]}
              </Badge>
            )}
            <Link
              className="fr-link fr-icon-file-pdf-line fr-link--icon-left"
              to={`/organismes/${body.slug}/seances/${body.meeting.id}/documents/${document.id}`}
            >
              {document.title}
            </Link>{' '}
            <span className="fr-hint-text cartable-inline-hint">
              {messages.documentKind[document.kind]}
              {latest && ` — ${m.pages(latest.pageCount)}, ${m.version(latest.version)}`}
              {document.annotations.length > 0 && ` — ${m.annotationCount(document.annotations.length)}`}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function AgendaList({ items, body, level, novelties }: { items: AgendaEntry[]; body: MeetingBody; level: number; novelties: Novelties }) {
  const documentsOf = (itemId: string) => body.meeting.documents.filter((document) => document.agendaItemId === itemId);
  return (
    <ol className={level === 0 ? 'cartable-agenda' : 'cartable-agenda cartable-agenda--nested'}>
      {items.map((item) => (
        <li key={item.id}>
          <p className="cartable-agenda__title">
            <span className="cartable-agenda__number">{item.number}.</span> {item.title}
          </p>
          <AgendaItemBadges item={item} />
          <DocumentLinks body={body} documents={documentsOf(item.id)} novelties={novelties} />
          {item.children && item.children.length > 0 && (
            <AgendaList items={item.children} body={body} level={level + 1} novelties={novelties} />
          )}
        </li>
      ))}
    </ol>
  );
}

/**
 * A meeting: when and where (with a map), the convocation and the official's answer, the numbered
 * agenda with each item's documents (those new since the convocation marked), the meeting's own
 * documents, and its offline copy.
 */
export function MeetingPage() {
  const { slug = '', meetingId = '' } = useParams();
  const state = useMeeting(slug, meetingId);
  const { data, error, loading, refetch, fromOfflineCopy, offlineCopy } = state;

  if (error && !data) return <GraphqlError error={error} onRetry={() => void refetch()} offline={m.notAvailableOffline} />;
  if (!data) return <p>{loading ? messages.app.loading : m.notAvailableOffline}</p>;
  const body = data.body;
  const meeting = body.meeting;
  const meetingDocuments = meeting.documents.filter((document) => !document.agendaItemId);
  const novelties = documentNovelties(meeting.convocations, meeting.documents);

  return (
    <>
      <Breadcrumb currentPageLabel={meeting.title} homeLinkProps={{ to: '/' }} segments={[{ label: body.name, linkProps: { to: '/' } }]} />
      {fromOfflineCopy && offlineCopy && (
        <p className="fr-badge fr-badge--warning">{m.offlineCopyUsed(formatShortDate(offlineCopy.savedAt))}</p>
      )}
      <h1>{meeting.title}</h1>
      <MeetingBadges status={meeting.status} urgent={meeting.urgent} />
      {meeting.lastChange && (
        <Alert
          severity={meeting.status === 'CANCELLED' ? 'error' : 'warning'}
          small
          className="fr-my-2w"
          description={
            meeting.status === 'CANCELLED'
              ? messages.meetingChange.cancelled(meeting.lastChange.reason)
              : messages.meetingChange.movedFrom(
                  formatDateTime(meeting.lastChange.previousStartsAt, body.timeZone),
                  meeting.lastChange.reason,
                )
          }
        />
      )}
      <p className="fr-text--lead fr-mb-1w">{formatDateTime(meeting.startsAt, body.timeZone)}</p>
      <p>
        {body.name} — {meeting.assembly.name}
      </p>
      <p>
        <strong>{m.place} : </strong>
        {meeting.place ? (
          <>
            {meeting.place}{' '}
            <a
              className="fr-link"
              href={mapUrl(meeting.place)}
              target="_blank"
              rel="noopener noreferrer"
              title={`${m.map} — ${messages.app.newWindow}`}
            >
              {m.map}
            </a>
          </>
        ) : (
          m.noPlace
        )}
      </p>
      {(meeting.status === 'CONVENED' || meeting.status === 'HELD') &&
        formatDay(meeting.startsAt, body.timeZone) === formatDay(new Date().toISOString(), body.timeZone) && (
          <div className="fr-callout fr-mb-3w">
            <p className="fr-callout__text">{messages.liveSeance.linkHint}</p>
            <Link
              className="fr-btn fr-icon-play-circle-line fr-btn--icon-left"
              to={`/organismes/${body.slug}/seances/${meeting.id}/seance-en-cours`}
            >
              {messages.liveSeance.link}
            </Link>
          </div>
        )}
      <ConvocationPanel body={body} />
      <AnswerPanel key={meeting.id} body={body} />
      <OfflineCopyPanel meeting={state} />
      <h2>{m.agenda}</h2>
      {meeting.agenda.length === 0 ? (
        <p>{m.emptyAgenda}</p>
      ) : (
        <AgendaList items={meeting.agenda} body={body} level={0} novelties={novelties} />
      )}
      <h2>{m.meetingDocuments}</h2>
      {meetingDocuments.length === 0 ? (
        <p>{m.noDocument}</p>
      ) : (
        <DocumentLinks body={body} documents={meetingDocuments} novelties={novelties} />
      )}
    </>
  );
}
