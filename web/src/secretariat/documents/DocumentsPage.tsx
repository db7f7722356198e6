import { useMutation } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { DocumentKind } from '../../graphql/generated/secretariat/graphql.ts';
import { locale } from '../../i18n/messages.ts';
import { messages } from '../messages.ts';
import { StackedTable } from '../../ui/StackedTable.tsx';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { useMeetingConsole, type ConsoleMeetingData } from '../console-context.ts';
import { DeleteDocumentMutation } from '../operations.ts';
import { ConfirmRemoval, NewFileField, ReplaceFilePanel } from './DocumentFormParts.tsx';
import { UploadProgress } from './UploadProgress.tsx';
import { useDocumentUpload } from './use-document-upload.ts';

const m = messages.secretariat.documents;
const kinds = Object.keys(messages.documentKind) as DocumentKind[];
type ConsoleDocument = ConsoleMeetingData['documents'][number];

const megabytes = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 });

export function formatSize(bytes: number): string {
  return bytes < 1_048_576 ? m.sizeKb(Math.max(1, Math.round(bytes / 1024))) : m.sizeMb(megabytes.format(bytes / 1_048_576));
}

/** Items in agenda order, sub-items included: the choices of "which item is this document for". */
export function flatAgenda(meeting: Pick<ConsoleMeetingData, 'agenda'>) {
  return meeting.agenda.flatMap((item) => [item, ...item.children]);
}

/** Documents can change until the meeting starts (after the convocation they go out as a supplement). */
export function documentsOpen(meeting: Pick<ConsoleMeetingData, 'status' | 'startsAt'>): boolean {
  return (meeting.status === 'DRAFT' || meeting.status === 'CONVENED') && Date.parse(meeting.startsAt) > Date.now();
}

export function titleFromFileName(fileName: string): string {
  return fileName.replace(/\.pdf$/i, '').replace(/[_-]+/g, ' ').trim();
}

/**
 * The meeting's documents by agenda item: upload straight to storage with a progress bar, replace by a
 * new version, delete while the meeting is a draft.
 */
export function DocumentsPage() {
  const { body, meeting, draft, refetch } = useMeetingConsole();
  const items = useMemo(() => flatAgenda(meeting), [meeting]);
  const open = documentsOpen(meeting);
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<DocumentKind>('RAPPORT');
  const [agendaItemId, setAgendaItemId] = useState('');
  const [missingFile, setMissingFile] = useState(false);
  const [replacing, setReplacing] = useState<ConsoleDocument | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  // A new key empties the file inputs once a file is in.
  const [formKey, setFormKey] = useState(0);
  const [remove, removal] = useMutation(DeleteDocumentMutation);
  const uploaded = useCallback(() => {
    setFile(null);
    setTitle('');
    setReplacing(null);
    setFormKey((key) => key + 1);
    void refetch();
  }, [refetch]);
  const upload = useDocumentUpload(body, uploaded);
  const uploading = ['preparing', 'sending', 'paused', 'verifying'].includes(upload.state.phase);

  const order = (document: ConsoleDocument) => (document.agendaItemId ? items.findIndex((item) => item.id === document.agendaItemId) + 1 : 0);
  const documents = [...meeting.documents].sort((left, right) => order(left) - order(right));

  const newDocument = (chosen: File) => ({ meetingId: meeting.id, kind, title: title.trim() || titleFromFileName(chosen.name), agendaItemId: agendaItemId || null });
  // The chosen file was being uploaded when the page was left: offer to resume.
  const interrupted = file && !uploading ? upload.interrupted(file, newDocument(file)) : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissingFile(!file);
    if (!file) return;
    void upload.start(file, newDocument(file));
  };

  // Picking again the file of an interrupted new version resumes it.
  const replace = (document: ConsoleDocument, replacement: File) => {
    const request = { meetingId: meeting.id, documentId: document.id, kind: document.kind, title: document.title, agendaItemId: document.agendaItemId ?? null };
    const record = upload.interrupted(replacement, request);
    void (record ? upload.resume(replacement, request, record) : upload.start(replacement, request));
  };

  const confirmRemove = async (document: ConsoleDocument) => {
    try {
      await remove({ variables: { bodyId: body.id, documentId: document.id } });
      setAnnouncement(m.removed(document.title));
      setRemoving(null);
      await refetch();
    } catch {
      // Shown from the mutation's state.
    }
  };

  const actions = (document: ConsoleDocument) => {
    if (removing === document.id) {
      return <ConfirmRemoval title={document.title} busy={removal.loading} onConfirm={() => void confirmRemove(document)} onCancel={() => setRemoving(null)} />;
    }
    return (
      <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
        <li>
          <Link className="fr-btn fr-btn--tertiary fr-btn--sm" to={`/organismes/${body.slug}/seances/${meeting.id}/documents/${document.id}`} aria-label={m.openLabel(document.title)}>
            {m.open}
          </Link>
        </li>
        {open && (
          <li>
            <Button size="small" priority="secondary" disabled={uploading} aria-label={m.replaceLabel(document.title)} onClick={() => setReplacing(document)}>
              {m.replace}
            </Button>
          </li>
        )}
        {draft && (
          <li>
            <Button size="small" priority="tertiary" aria-label={m.removeLabel(document.title)} onClick={() => setRemoving(document.id)}>
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
        {announcement}
      </p>
      {removal.error && <GraphqlError error={removal.error} />}
      {documents.length === 0 ? (
        <p>{m.none}</p>
      ) : (
        <StackedTable
          caption={m.caption(documents.length)}
          headers={[m.columns.item, m.columns.document, m.columns.version, m.columns.pages, m.columns.size, m.columns.actions]}
          data={documents.map((document) => {
            const latest = document.versions[0];
            const item = items.find((candidate) => candidate.id === document.agendaItemId);
            return [
              item ? item.number : m.forMeeting,
              <span key="title">
                <strong>{document.title}</strong>
                <br />
                <span className="fr-hint-text cartable-inline-hint">{messages.documentKind[document.kind]}</span>
              </span>,
              latest ? m.version(latest.version) : '',
              latest ? String(latest.pageCount) : '',
              latest ? formatSize(latest.sizeBytes) : '',
              actions(document),
            ];
          })}
        />
      )}
      {replacing && (
        <ReplaceFilePanel key={`replace-${formKey}`} label={m.replaceFile(replacing.title)} disabled={uploading} onFile={(chosen) => replace(replacing, chosen)} onCancel={() => setReplacing(null)} />
      )}
      <UploadProgress state={upload.state} onCancel={upload.cancel} onRetry={upload.retry} onResume={upload.resumeNow} />
      {open && (
        <form noValidate onSubmit={submit} className="cartable-console-form" key={`add-${formKey}`}>
          <h3 className="fr-h5">{m.add}</h3>
          <NewFileField
            missing={missingFile}
            disabled={uploading}
            interruptedFile={file && interrupted ? file.name : null}
            onChoose={(chosen) => {
              setFile(chosen);
              if (chosen && !title) setTitle(titleFromFileName(chosen.name));
            }}
            onResume={() => file && interrupted && void upload.resume(file, newDocument(file), interrupted)}
          />
          <Input label={m.documentTitle} nativeInputProps={{ value: title, onChange: (event) => setTitle(event.target.value), maxLength: 300 }} />
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
          <Button type="submit" iconId="fr-icon-upload-2-line" disabled={uploading}>
            {m.upload}
          </Button>
        </form>
      )}
    </section>
  );
}
