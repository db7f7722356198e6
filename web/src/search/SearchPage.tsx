import { useLazyQuery } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { SearchQuery } from '../graphql/operations.ts';
import { messages } from '../i18n/messages.ts';
import { useOnline } from '../offline/use-online.ts';
import { GraphqlError } from '../ui/GraphqlError.tsx';

const m = messages.search;

/** The excerpt with the words found marked. */
function Excerpt({ text, highlights }: { text: string; highlights: readonly { start: number; length: number }[] }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  highlights.forEach(({ start, length }, index) => {
    if (start < at) return;
    parts.push(text.slice(at, start), <mark key={index}>{text.slice(start, start + length)}</mark>);
    at = start + length;
  });
  parts.push(text.slice(at));
  return <p className="fr-text--sm">{parts}</p>;
}

/** Search across every document of every meeting and library of every body of the official. */
export function SearchPage() {
  const online = useOnline();
  const [query, setQuery] = useState('');
  const [search, { data, error, loading, called }] = useLazyQuery(SearchQuery);
  const hits = data?.searchDocuments ?? [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (query.trim()) void search({ variables: { query: query.trim() } });
  };

  return (
    <>
      <h1>{m.title}</h1>
      {!online && <p className="fr-message fr-message--warning">{m.offline}</p>}
      <form noValidate role="search" onSubmit={submit} className="cartable-search-form">
        <Input
          label={m.label}
          hintText={m.hint}
          nativeInputProps={{
            type: 'search',
            value: query,
            onChange: (event) => setQuery(event.target.value),
            minLength: 2,
            maxLength: 200,
          }}
        />
        <Button type="submit" iconId="fr-icon-search-line" disabled={!online || loading}>
          {m.submit}
        </Button>
      </form>
      {error && online && <GraphqlError error={error} offline={m.offline} />}
      <div aria-live="polite">{called && !loading && data && <p>{hits.length === 0 ? m.none : m.results(hits.length)}</p>}</div>
      <ol className="cartable-search-results">
        {hits.map((hit) => (
          <li key={`${hit.documentId}-${hit.pageNumber}`}>
            <h2 className="fr-h6 fr-mb-1v">
              <Link
                to={`${hit.meetingId ? `/organismes/${hit.body.slug}/seances/${hit.meetingId}/documents` : `/organismes/${hit.body.slug}/bibliotheque`}/${hit.documentId}?page=${hit.pageNumber}`}
              >
                {hit.documentTitle}, {m.onPage(hit.pageNumber)}
              </Link>
            </h2>
            <p className="fr-text--xs fr-mb-1v">
              {hit.body.name} —{' '}
              {hit.libraryCategory ? messages.library.inSearch(messages.library.categories[hit.libraryCategory]) : hit.meetingTitle}
            </p>
            <Excerpt text={hit.excerpt} highlights={hit.highlights} />
          </li>
        ))}
      </ol>
    </>
  );
}
