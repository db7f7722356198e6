import { useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { useApp } from '../app/app-context.ts';
import type { LibraryDocumentFieldsFragment } from '../graphql/generated/graphql.ts';
import { LibraryDocumentQuery, LibraryQuery } from '../graphql/operations.ts';
import type { OfflineLibraryDocument } from '../offline/db.ts';
import { listOfflineLibrary, readOfflineLibraryDocument, refreshOfflineLibrary } from '../offline/library-cache.ts';

export type LibraryEntry = LibraryDocumentFieldsFragment;

/**
 * The libraries of all the official's bodies from the API, or, when the network fails, the documents
 * kept on this device (« Disponible hors ligne »), which a fresh answer brings up to date.
 */
export function useLibrary() {
  const { owner } = useApp();
  const { data, error, loading, refetch } = useQuery(LibraryQuery, { fetchPolicy: 'cache-and-network' });
  const [kept, setKept] = useState<OfflineLibraryDocument[] | undefined>();
  const reload = () => void listOfflineLibrary(owner).then(setKept);
  useEffect(reload, [owner]);
  useEffect(() => {
    if (data)
      void refreshOfflineLibrary(owner, data.library)
        .then(reload)
        .catch(() => undefined);
  }, [data, owner]);
  const fromOfflineCopy = !data && Boolean(error) && kept !== undefined;
  return {
    entries: data?.library ?? (fromOfflineCopy ? kept!.map((copy) => copy.data) : undefined),
    kept: kept ?? [],
    reloadKept: reload,
    fromOfflineCopy,
    error: fromOfflineCopy ? undefined : error,
    loading: loading || kept === undefined,
    refetch,
  };
}

/** One library document, from the API or from its offline copy. */
export function useLibraryDocument(slug: string, documentId: string) {
  const { owner } = useApp();
  const { data, error, loading, refetch } = useQuery(LibraryDocumentQuery, {
    variables: { slug, documentId },
    fetchPolicy: 'cache-and-network',
  });
  const [copy, setCopy] = useState<OfflineLibraryDocument | null | undefined>();
  useEffect(
    () => void readOfflineLibraryDocument(owner, slug, documentId).then((found) => setCopy(found ?? null)),
    [owner, slug, documentId],
  );
  const fromOfflineCopy = !data && Boolean(error) && Boolean(copy);
  return {
    entry: data?.body.libraryDocument ?? (fromOfflineCopy ? copy!.data : undefined),
    error: fromOfflineCopy ? undefined : error,
    loading: loading || copy === undefined,
    refetch,
  };
}
