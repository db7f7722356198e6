import { useApolloClient } from '@apollo/client/react';
import { useParams } from 'react-router';
import { LibraryDocumentQuery } from '../graphql/operations.ts';
import { messages } from '../i18n/messages.ts';
import { DocumentReader } from '../reader/ReaderPage.tsx';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { useLibraryDocument } from './use-library.ts';

/** A library document in the reader: the same reader, annotations and offline copy as a meeting's. */
export default function LibraryReaderPage() {
  const { slug = '', documentId = '' } = useParams();
  const client = useApolloClient();
  const { entry, error, loading, refetch } = useLibraryDocument(slug, documentId);
  if (error && !entry) return <GraphqlError error={error} onRetry={() => void refetch()} offline={messages.library.notAvailableOffline} />;
  if (!entry || !entry.document.versions[0]) return <p>{loading ? messages.app.loading : messages.library.notAvailableOffline}</p>;
  return (
    <DocumentReader
      source={{
        bodyId: entry.body.id,
        document: entry.document,
        parent: { label: messages.library.title, to: '/bibliotheque' },
        next: undefined,
        meetingId: null,
        slug,
        freshUrl: async (versionId) => {
          const fresh = await client.query({ query: LibraryDocumentQuery, variables: { slug, documentId }, fetchPolicy: 'network-only' });
          const again = fresh.data?.body.libraryDocument.document.versions.find((candidate) => candidate.id === versionId);
          if (!again) throw new Error('version gone');
          return again.downloadUrl;
        },
      }}
    />
  );
}
