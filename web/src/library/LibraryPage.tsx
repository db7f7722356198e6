import { ToggleSwitch } from '@codegouvfr/react-dsfr/ToggleSwitch';
import { useState } from 'react';
import { Link } from 'react-router';
import { useApp } from '../app/app-context.ts';
import { messages } from '../i18n/messages.ts';
import { libraryKey } from '../offline/db.ts';
import { removeOfflineLibraryDocument, saveLibraryDocumentOffline } from '../offline/library-cache.ts';
import { useOnline } from '../offline/use-online.ts';
import { userError } from '../ui/error-message.ts';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { formatShortDate } from '../ui/format.ts';
import { useLibrary, type LibraryEntry } from './use-library.ts';

const m = messages.library;
const categoryOrder = Object.keys(m.categories) as LibraryEntry['category'][];

/** The libraries of every body of the official, by body then section; each document readable offline on demand. */
export function LibraryPage() {
  const { owner } = useApp();
  const online = useOnline();
  const library = useLibrary();
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const { entries } = library;
  if (library.error && !entries)
    return <GraphqlError error={library.error} onRetry={() => void library.refetch()} offline={m.notAvailableOffline} />;
  if (!entries) return <p>{messages.app.loading}</p>;

  const keptKeys = new Set(library.kept.map((copy) => copy.key));
  const toggleOffline = async (entry: LibraryEntry, keep: boolean) => {
    setFailure(null);
    setBusy(entry.document.id);
    try {
      if (keep) await saveLibraryDocumentOffline(owner, entry);
      else await removeOfflineLibraryDocument(owner, entry.body.slug, entry.document.id);
    } catch (error) {
      setFailure(userError(error).message);
    } finally {
      setBusy(null);
      library.reloadKept();
    }
  };
  const bodies = [...new Map(entries.map((entry) => [entry.body.id, entry.body])).values()];

  return (
    <>
      <h1>{m.title}</h1>
      <p>{m.intro}</p>
      {library.fromOfflineCopy && library.kept[0] && (
        <p className="fr-badge fr-badge--info">{m.offlineCopyUsed(formatShortDate(library.kept[0].savedAt))}</p>
      )}
      <div aria-live="polite">
        {busy && <p>{m.saving}</p>}
        {failure && <p className="fr-message fr-message--error">{failure}</p>}
      </div>
      {entries.length === 0 && <p>{m.empty}</p>}
      {bodies.map((body) => (
        <section key={body.id} aria-labelledby={`bibliotheque-${body.slug}`} className="fr-mb-4w">
          <h2 id={`bibliotheque-${body.slug}`}>{body.name}</h2>
          {categoryOrder.map((category) => {
            const inSection = entries.filter((entry) => entry.body.id === body.id && entry.category === category);
            if (inSection.length === 0) return null;
            return (
              <section key={category} aria-labelledby={`bibliotheque-${body.slug}-${category}`}>
                <h3 id={`bibliotheque-${body.slug}-${category}`} className="fr-h5">
                  {m.categories[category]}
                </h3>
                <ul className="cartable-library-list">
                  {inSection.map((entry) => {
                    const latest = entry.document.versions[0];
                    const kept = keptKeys.has(libraryKey(owner, body.slug, entry.document.id));
                    return (
                      <li key={entry.document.id} className="fr-mb-2w">
                        <Link className="fr-link" to={`/organismes/${body.slug}/bibliotheque/${entry.document.id}`}>
                          {entry.document.title}
                        </Link>
                        {latest && (
                          <p className="fr-text--xs fr-mb-1v">
                            {m.version(latest.version, formatShortDate(latest.uploadedAt))} — {m.pages(latest.pageCount)}
                          </p>
                        )}
                        <ToggleSwitch
                          label={
                            <>
                              {m.offline}
                              <span className="fr-sr-only"> : {entry.document.title}</span>
                            </>
                          }
                          inputTitle={`${m.offline} : ${entry.document.title}`}
                          showCheckedHint={false}
                          checked={kept}
                          disabled={busy !== null || (!online && !kept)}
                          onChange={(checked) => void toggleOffline(entry, checked)}
                        />
                      </li>
                    );
                  })}
                </ul>
              </section>
            );
          })}
        </section>
      ))}
    </>
  );
}
