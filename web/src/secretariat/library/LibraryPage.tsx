import { useMutation, useQuery } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useCallback, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { BodyLibraryQuery as BodyLibraryData, LibraryCategory } from '../../graphql/generated/secretariat/graphql.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { StackedTable } from '../../ui/StackedTable.tsx';
import { useBodyConsole } from '../console-context.ts';
import { formatSize, titleFromFileName } from '../documents/DocumentsPage.tsx';
import { ConfirmRemoval, NewFileField, ReplaceFilePanel } from '../documents/DocumentFormParts.tsx';
import { UploadProgress } from '../documents/UploadProgress.tsx';
import { useDocumentUpload } from '../documents/use-document-upload.ts';
import { messages } from '../messages.ts';
import { DeleteDocumentMutation } from '../operations.ts';
import { BodyLibraryQuery } from './operations.ts';

const m = messages.secretariat.library;
const d = messages.secretariat.documents;
const categories = Object.keys(messages.library.categories) as LibraryCategory[];
type LibraryEntry = BodyLibraryData['body']['library'][number];

function CategorySelect({ label, value, onChange }: { label: string; value: LibraryCategory; onChange: (value: LibraryCategory) => void }) {
  return (
    <Select label={label} nativeSelectProps={{ value, onChange: (event) => onChange(event.target.value as LibraryCategory) }}>
      {categories.map((category) => (
        <option key={category} value={category}>
          {messages.library.categories[category]}
        </option>
      ))}
    </Select>
  );
}

/**
 * `/secretariat/:slug/bibliotheque`: the body's documents outside meetings, by section — upload (the
 * same verified, resumable upload as a meeting document), a new version (possibly in another section),
 * removal at any time.
 */
export function LibraryPage() {
  const { body } = useBodyConsole();
  const { data, error, refetch } = useQuery(BodyLibraryQuery, { variables: { slug: body.slug }, fetchPolicy: 'cache-and-network' });
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [category, setCategory] = useState<LibraryCategory>('REGLEMENT_INTERIEUR');
  const [missingFile, setMissingFile] = useState(false);
  const [replacing, setReplacing] = useState<LibraryEntry | null>(null);
  const [replacingCategory, setReplacingCategory] = useState<LibraryCategory>('REGLEMENT_INTERIEUR');
  const [removing, setRemoving] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
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
  if (!data) return error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p>{messages.app.loading}</p>;

  const entries = [...data.body.library].sort((left, right) => categories.indexOf(left.category) - categories.indexOf(right.category));
  const newDocument = (chosen: File) => ({ category, title: title.trim() || titleFromFileName(chosen.name) });
  const interrupted = file && !uploading ? upload.interrupted(file, newDocument(file)) : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissingFile(!file);
    if (!file) return;
    void upload.start(file, newDocument(file));
  };

  const replace = (entry: LibraryEntry, replacement: File) => {
    const request = { documentId: entry.document.id, category: replacingCategory, title: entry.document.title };
    const record = upload.interrupted(replacement, request);
    void (record ? upload.resume(replacement, request, record) : upload.start(replacement, request));
  };

  const confirmRemove = async (entry: LibraryEntry) => {
    try {
      await remove({ variables: { bodyId: body.id, documentId: entry.document.id } });
      setAnnouncement(d.removed(entry.document.title));
      setRemoving(null);
      await refetch();
    } catch {
      // Shown from the mutation's state.
    }
  };

  const actions = (entry: LibraryEntry) => {
    const { document } = entry;
    if (removing === document.id) {
      return <ConfirmRemoval title={document.title} busy={removal.loading} onConfirm={() => void confirmRemove(entry)} onCancel={() => setRemoving(null)} />;
    }
    return (
      <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
        <li>
          <Link className="fr-btn fr-btn--tertiary fr-btn--sm" to={`/organismes/${body.slug}/bibliotheque/${document.id}`} aria-label={d.openLabel(document.title)}>
            {d.open}
          </Link>
        </li>
        <li>
          <Button
            size="small"
            priority="secondary"
            disabled={uploading}
            aria-label={d.replaceLabel(document.title)}
            onClick={() => {
              setReplacing(entry);
              setReplacingCategory(entry.category);
            }}
          >
            {d.replace}
          </Button>
        </li>
        <li>
          <Button size="small" priority="tertiary" aria-label={d.removeLabel(document.title)} onClick={() => setRemoving(document.id)}>
            {d.remove}
          </Button>
        </li>
      </ul>
    );
  };

  return (
    <section aria-labelledby="bibliotheque-heading">
      <h2 id="bibliotheque-heading">{m.title}</h2>
      <p>{m.intro}</p>
      <p role="status" aria-live="polite" className="cartable-builder__status fr-text--sm">
        {announcement}
      </p>
      {removal.error && <GraphqlError error={removal.error} />}
      {entries.length === 0 ? (
        <p>{m.none}</p>
      ) : (
        <StackedTable
          caption={m.caption(entries.length)}
          headers={[m.columns.category, m.columns.document, m.columns.version, m.columns.pages, m.columns.size, m.columns.actions]}
          data={entries.map((entry) => {
            const latest = entry.document.versions[0];
            return [
              messages.library.categories[entry.category],
              <strong key="title">{entry.document.title}</strong>,
              latest ? d.version(latest.version) : '',
              latest ? String(latest.pageCount) : '',
              latest ? formatSize(latest.sizeBytes) : '',
              actions(entry),
            ];
          })}
        />
      )}
      {replacing && (
        <ReplaceFilePanel
          key={`replace-${formKey}`}
          label={m.replaceFile(replacing.document.title)}
          disabled={uploading}
          onFile={(chosen) => replace(replacing, chosen)}
          onCancel={() => setReplacing(null)}
        >
          <CategorySelect label={m.moveTo} value={replacingCategory} onChange={setReplacingCategory} />
        </ReplaceFilePanel>
      )}
      <UploadProgress state={upload.state} onCancel={upload.cancel} onRetry={upload.retry} onResume={upload.resumeNow} />
      <form onSubmit={submit} noValidate className="cartable-console-form" key={`add-${formKey}`}>
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
        <Input label={d.documentTitle} nativeInputProps={{ value: title, onChange: (event) => setTitle(event.target.value), maxLength: 300 }} />
        <CategorySelect label={m.category} value={category} onChange={setCategory} />
        <Button type="submit" iconId="fr-icon-upload-2-line" disabled={uploading}>
          {d.upload}
        </Button>
      </form>
    </section>
  );
}
