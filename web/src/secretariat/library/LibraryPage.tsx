import { useQuery } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useState } from 'react';
import { Link } from 'react-router';
import type { BodyLibraryQuery as BodyLibraryData, LibraryCategory } from '../../graphql/generated/secretariat/graphql.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { StackedTable } from '../../ui/StackedTable.tsx';
import { useBodyConsole } from '../console-context.ts';
import { latestVersionCells } from '../documents/DocumentsPage.tsx';
import { ConfirmRemoval, NewDocumentForm, ReplaceFilePanel } from '../documents/DocumentFormParts.tsx';
import { UploadProgress } from '../documents/UploadProgress.tsx';
import { useDocumentShelf } from '../documents/use-document-shelf.ts';
import { messages } from '../messages.ts';
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
  const [category, setCategory] = useState<LibraryCategory>('REGLEMENT_INTERIEUR');
  const [replacingCategory, setReplacingCategory] = useState<LibraryCategory>('REGLEMENT_INTERIEUR');
  const shelf = useDocumentShelf<LibraryEntry['document']>(body, refetch);
  const { replacing, removing, removal, upload, uploading } = shelf;
  if (!data) return error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p>{messages.app.loading}</p>;

  const entries = [...data.body.library].sort((left, right) => categories.indexOf(left.category) - categories.indexOf(right.category));
  const newDocument = (chosen: File) => ({ category, title: shelf.titleFor(chosen) });
  const replace = (document: LibraryEntry['document'], replacement: File) =>
    shelf.replace({ documentId: document.id, category: replacingCategory, title: document.title }, replacement);

  const actions = (entry: LibraryEntry) => {
    const { document } = entry;
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
            to={`/organismes/${body.slug}/bibliotheque/${document.id}`}
            aria-label={d.openLabel(document.title)}
          >
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
              shelf.setReplacing(document);
              setReplacingCategory(entry.category);
            }}
          >
            {d.replace}
          </Button>
        </li>
        <li>
          <Button
            size="small"
            priority="tertiary"
            aria-label={d.removeLabel(document.title)}
            onClick={() => shelf.setRemoving(document.id)}
          >
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
        {shelf.announcement}
      </p>
      {removal.error && <GraphqlError error={removal.error} />}
      {entries.length === 0 ? (
        <p>{m.none}</p>
      ) : (
        <StackedTable
          caption={m.caption(entries.length)}
          headers={[m.columns.category, m.columns.document, m.columns.version, m.columns.pages, m.columns.size, m.columns.actions]}
          data={entries.map((entry) => [
            messages.library.categories[entry.category],
            <strong key="title">{entry.document.title}</strong>,
            ...latestVersionCells(entry.document.versions[0]),
            actions(entry),
          ])}
        />
      )}
      {replacing && (
        <ReplaceFilePanel
          key={`replace-${shelf.formKey}`}
          label={m.replaceFile(replacing.title)}
          disabled={uploading}
          onFile={(chosen) => replace(replacing, chosen)}
          onCancel={() => shelf.setReplacing(null)}
        >
          <CategorySelect label={m.moveTo} value={replacingCategory} onChange={setReplacingCategory} />
        </ReplaceFilePanel>
      )}
      <UploadProgress state={upload.state} onCancel={upload.cancel} onRetry={upload.retry} onResume={upload.resumeNow} />
      <NewDocumentForm key={`add-${shelf.formKey}`} shelf={shelf} heading={m.add} request={newDocument}>
        <CategorySelect label={m.category} value={category} onChange={setCategory} />
      </NewDocumentForm>
    </section>
  );
}
