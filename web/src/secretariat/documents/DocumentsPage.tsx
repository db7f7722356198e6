import { Button } from '@codegouvfr/react-dsfr/Button';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { DocumentKind } from '../../graphql/generated/secretariat/graphql.ts';
import { locale } from '../../i18n/messages.ts';
import { messages } from '../messages.ts';
import { StackedTable } from '../../ui/StackedTable.tsx';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { useMeetingConsole, type ConsoleMeetingData } from '../console-context.ts';
import { ConfirmRemoval, NewDocumentForm, ReplaceFilePanel } from './DocumentFormParts.tsx';
import { UploadProgress } from './UploadProgress.tsx';
import { useDocumentShelf } from './use-document-shelf.ts';

const m = messages.secretariat.documents;
const kinds = Object.keys(messages.documentKind) as DocumentKind[];
type ConsoleDocument = ConsoleMeetingData['documents'][number];

const megabytes = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 });

export function formatSize(bytes: number): string {
  return bytes < 1_048_576 ? m.sizeKb(Math.max(1, Math.round(bytes / 1024))) : m.sizeMb(megabytes.format(bytes / 1_048_576));
}

/** The version, pages and size cells of a document's row: those of its latest version. */
export function latestVersionCells(latest: { version: number; pageCount: number; sizeBytes: number } | undefined): string[] {
  return latest ? [m.version(latest.version), String(latest.pageCount), formatSize(latest.sizeBytes)] : ['', '', ''];
}

/** Items in agenda order, sub-items included: the choices of "which item is this document for". */
export function flatAgenda(meeting: Pick<ConsoleMeetingData, 'agenda'>) {
  return meeting.agenda.flatMap((item) => [item, ...item.children]);
}

/** Documents can change until the meeting starts (after the convocation they go out as a supplement). */
export function documentsOpen(meeting: Pick<ConsoleMeetingData, 'status' | 'startsAt'>): boolean {
  return (meeting.status === 'DRAFT' || meeting.status === 'CONVENED') && Date.parse(meeting.startsAt) > Date.now();
}

/**
 * The meeting's documents by agenda item: upload straight to storage with a progress bar, replace by a
 * new version, delete while the meeting is a draft.
 */
export function DocumentsPage() {
  const { body, meeting, draft, refetch } = useMeetingConsole();
  const items = useMemo(() => flatAgenda(meeting), [meeting]);
  const open = documentsOpen(meeting);
  const [kind, setKind] = useState<DocumentKind>('RAPPORT');
  const [agendaItemId, setAgendaItemId] = useState('');
  const shelf = useDocumentShelf<ConsoleDocument>(body, refetch);
  const { replacing, removing, removal, upload, uploading } = shelf;

  const order = (document: ConsoleDocument) =>
    document.agendaItemId ? items.findIndex((item) => item.id === document.agendaItemId) + 1 : 0;
  const documents = [...meeting.documents].sort((left, right) => order(left) - order(right));

  const newDocument = (chosen: File) => ({
    meetingId: meeting.id,
    kind,
    title: shelf.titleFor(chosen),
    agendaItemId: agendaItemId || null,
  });
  const replace = (document: ConsoleDocument, replacement: File) =>
    shelf.replace(
      {
        meetingId: meeting.id,
        documentId: document.id,
        kind: document.kind,
        title: document.title,
        agendaItemId: document.agendaItemId ?? null,
      },
      replacement,
    );

  const actions = (document: ConsoleDocument) => {
    if (removing === document.id) {
      return (
        <ConfirmRemoval
          title={document.title}
          busy={removal.loading}
          onConfirm={() => void shelf.confirmRemove(document)}
          onCancel={() => shelf.setRemoving(null)}
        />
      );
    }
    return (
      <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
        <li>
          <Link
            className="fr-btn fr-btn--tertiary fr-btn--sm"
            to={`/organismes/${body.slug}/seances/${meeting.id}/documents/${document.id}`}
            aria-label={m.openLabel(document.title)}
          >
            {m.open}
          </Link>
        </li>
        {open && (
          <li>
            <Button
              size="small"
              priority="secondary"
              disabled={uploading}
              aria-label={m.replaceLabel(document.title)}
              onClick={() => shelf.setReplacing(document)}
            >
              {m.replace}
            </Button>
          </li>
        )}
        {draft && (
          <li>
            <Button
              size="small"
              priority="tertiary"
              aria-label={m.removeLabel(document.title)}
              onClick={() => shelf.setRemoving(document.id)}
            >
              {m.remove}
            </Button>
          </li>
        )}
      </ul>
    );
  };

  return (
    <section aria-labelledby="documents-heading">
      <h2 id="documents-heading">{m.title}</h2>
      <p>{m.intro}</p>
      {!open && <p className="fr-badge fr-badge--info">{m.closed}</p>}
      {open && !draft && <p className="fr-badge fr-badge--info fr-mb-2w">{m.afterConvocation}</p>}
      <p role="status" aria-live="polite" className="cartable-builder__status fr-text--sm">
        {shelf.announcement}
      </p>
      {removal.error && <GraphqlError error={removal.error} />}
      {documents.length === 0 ? (
        <p>{m.none}</p>
      ) : (
        <StackedTable
          caption={m.caption(documents.length)}
          headers={[m.columns.item, m.columns.document, m.columns.version, m.columns.pages, m.columns.size, m.columns.actions]}
          data={documents.map((document) => {
            const item = items.find((candidate) => candidate.id === document.agendaItemId);
            return [
              item ? item.number : m.forMeeting,
              <span key="title">
                <strong>{document.title}</strong>
                <br />
                <span className="fr-hint-text cartable-inline-hint">{messages.documentKind[document.kind]}</span>
              </span>,
              ...latestVersionCells(document.versions[0]),
              actions(document),
            ];
          })}
        />
      )}
      {replacing && (
        <ReplaceFilePanel
          key={`replace-${shelf.formKey}`}
          label={m.replaceFile(replacing.title)}
          disabled={uploading}
          onFile={(chosen) => replace(replacing, chosen)}
          onCancel={() => shelf.setReplacing(null)}
        />
      )}
      <UploadProgress state={upload.state} onCancel={upload.cancel} onRetry={upload.retry} onResume={upload.resumeNow} />
      {open && (
        <NewDocumentForm key={`add-${shelf.formKey}`} shelf={shelf} heading={m.add} request={newDocument}>
          <Select label={m.kind} nativeSelectProps={{ value: kind, onChange: (event) => setKind(event.target.value as DocumentKind) }}>
            {kinds.map((value) => (
              <option key={value} value={value}>
                {messages.documentKind[value]}
              </option>
            ))}
          </Select>
          <Select label={m.item} nativeSelectProps={{ value: agendaItemId, onChange: (event) => setAgendaItemId(event.target.value) }}>
            <option value="">{m.wholeMeeting}</option>
            {items.map((item) => (
              <option key={item.id} value={item.id}>
                {m.itemOption(item.number, item.title)}
              </option>
            ))}
          </Select>
        </NewDocumentForm>
      )}
    </section>
  );
}
