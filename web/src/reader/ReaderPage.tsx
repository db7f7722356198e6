import { useApolloClient } from '@apollo/client/react';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useApp } from '../app/app-context.ts';
import { MeetingQuery } from '../graphql/operations.ts';
import { messages } from '../i18n/messages.ts';
import { useMeeting, type MeetingDocument } from '../meeting/use-meeting.ts';
import { offlineFile } from '../offline/meeting-cache.ts';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { AnnotationsPanel } from './AnnotationsPanel.tsx';
import { useGroupSharing } from './group/group-sharing.tsx';
import { blobReader, networkReader, type ByteReader } from './pdf-source.ts';
import { PdfViewer, type TextSelection } from './PdfViewer.tsx';
import { useAnnotations } from './use-annotations.ts';

const m = messages.reader;

type ReaderDocument = MeetingDocument;

/** Where the reader's document comes from: a meeting, or a body's library. */
export interface ReaderSource {
  bodyId: string;
  document: ReaderDocument;
  /** The breadcrumb's way back (the meeting, the library). */
  parent: { label: string; to: string };
  /** « Document suivant », when there is one. */
  next: { title: string; to: string } | undefined;
  /** Meeting documents' group sharing (none in the library). */
  meetingId: string | null;
  slug: string;
  /** A fresh download link of this version, when the one in hand expired. */
  freshUrl: (versionId: string) => Promise<string>;
}

/** Reading one document of a meeting, with the author's private annotations beside it. */
export default function ReaderPage() {
  const { slug = '', meetingId = '', documentId = '' } = useParams();
  const client = useApolloClient();
  const meeting = useMeeting(slug, meetingId);
  const body = meeting.data?.body;
  const document = body?.meeting.documents.find((candidate) => candidate.id === documentId);
  if (meeting.error && !meeting.data)
    return <GraphqlError error={meeting.error} onRetry={() => void meeting.refetch()} offline={messages.meeting.notAvailableOffline} />;
  if (!body || !document || !document.versions[0])
    return <p>{meeting.loading ? messages.app.loading : messages.meeting.notAvailableOffline}</p>;
  const documents = body.meeting.documents;
  const next = documents[documents.findIndex((candidate) => candidate.id === documentId) + 1];
  const source: ReaderSource = {
    bodyId: body.id,
    document,
    parent: { label: body.meeting.title, to: `/organismes/${slug}/seances/${meetingId}` },
    next: next && { title: next.title, to: `/organismes/${slug}/seances/${meetingId}/documents/${next.id}` },
    meetingId,
    slug,
    freshUrl: async (versionId) => {
      const fresh = await client.query({ query: MeetingQuery, variables: { slug, meetingId }, fetchPolicy: 'network-only' });
      const again = fresh.data?.body.meeting.documents
        .find((candidate) => candidate.id === documentId)
        ?.versions.find((candidate) => candidate.id === versionId);
      if (!again) throw new Error('version gone');
      return again.downloadUrl;
    },
  };
  return <DocumentReader source={source} />;
}

/** The reader of one document (its latest version), from wherever it comes. */
export function DocumentReader({ source }: { source: ReaderSource }) {
  const { document, slug } = source;
  const documentId = document.id;
  const [searchParams] = useSearchParams();
  const { owner } = useApp();
  const version = document.versions[0]!;
  const [offlineBlob, setOfflineBlob] = useState<Blob | null | undefined>(undefined);
  const [goTo, setGoTo] = useState<{ page: number; request: number } | null>(() => {
    const page = Number(searchParams.get('page'));
    return page > 0 ? { page, request: 0 } : null;
  });
  const [editing, setEditing] = useState<string | null>(null);
  const [pageNoteFor, setPageNoteFor] = useState<number | null>(null);
  const [immersive, setImmersive] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const { annotations, save, changeNote, remove } = useAnnotations(source.bodyId, documentId, document.annotations);
  const { shareControl, groupSection } = useGroupSharing(slug, source.meetingId ?? '', documentId);

  useEffect(() => {
    void offlineFile(owner, version.id).then((blob) => setOfflineBlob(blob ?? null));
  }, [owner, version.id]);

  // The offline copy when there is one (no network needed, no expiring link), else Range requests.
  const read = useMemo<ByteReader | null>(() => {
    if (offlineBlob === undefined) return null;
    if (offlineBlob) return blobReader(offlineBlob);
    return networkReader(version.downloadUrl, () => source.freshUrl(version.id));
    // A new link for the same version must not reopen the document.
  }, [version.id, offlineBlob]);

  // Full screen: the browser's too when it grants it; the layout stays immersive until « Quitter le plein
  // écran » or Escape (the browser may leave its own full screen on a resize or a rotation).
  useEffect(() => {
    if (!immersive) return;
    const element = root.current;
    if (element?.requestFullscreen && !globalThis.document.fullscreenElement) void element.requestFullscreen().catch(() => undefined);
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setImmersive(false);
    globalThis.document.addEventListener('keydown', onKey);
    return () => {
      globalThis.document.removeEventListener('keydown', onKey);
      if (globalThis.document.fullscreenElement) void globalThis.document.exitFullscreen().catch(() => undefined);
    };
  }, [immersive]);

  const highlight = async (selection: TextSelection) => {
    const id = crypto.randomUUID();
    await save({
      id,
      documentId,
      versionId: version.id,
      pageNumber: selection.pageNumber,
      kind: 'HIGHLIGHT',
      quote: selection.selector.quote,
      prefix: selection.selector.prefix,
      suffix: selection.selector.suffix,
      rects: selection.rects,
    });
    globalThis.getSelection()?.removeAllRanges();
    setEditing(id);
    setDrawerOpen(true);
  };

  const pageNote = async (note: string | null) => {
    const pageNumber = pageNoteFor;
    setPageNoteFor(null);
    if (pageNumber === null || !note?.trim()) return;
    await save({
      id: crypto.randomUUID(),
      documentId,
      versionId: version.id,
      pageNumber,
      kind: 'NOTE',
      quote: '',
      prefix: '',
      suffix: '',
      note,
    });
  };

  const { next } = source;
  const openPageNote = (pageNumber: number) => {
    setPageNoteFor(pageNumber);
    setDrawerOpen(true);
  };

  return (
    <div
      ref={root}
      className={`cartable-reader${immersive ? ' cartable-reader--immersive' : ''}${drawerOpen ? ' cartable-reader--drawer-open' : ''}`}
    >
      <Breadcrumb
        currentPageLabel={document.title}
        homeLinkProps={{ to: '/' }}
        segments={[{ label: source.parent.label, linkProps: { to: source.parent.to } }]}
      />
      <h1 className="fr-h4">{document.title}</h1>
      {offlineBlob && <p className="fr-badge fr-badge--success fr-mb-1w">{m.offlineFile}</p>}
      <div className="cartable-reader__layout">
        {read && (
          <PdfViewer
            sizeBytes={version.sizeBytes}
            read={read}
            versionId={version.id}
            annotations={annotations}
            goTo={goTo}
            onHighlight={(selection) => void highlight(selection)}
            onPageNote={openPageNote}
          >
            <div className="cartable-reader__modes">
              <Button
                iconId={immersive ? 'ri-fullscreen-exit-line' : 'fr-icon-fullscreen-line'}
                priority="secondary"
                size="small"
                nativeButtonProps={{ 'aria-pressed': immersive }}
                onClick={() => setImmersive(!immersive)}
              >
                {immersive ? m.leaveImmersive : m.immersive}
              </Button>
              <Button
                className="cartable-reader__drawer-toggle"
                iconId="fr-icon-chat-3-line"
                priority="secondary"
                size="small"
                nativeButtonProps={{ 'aria-expanded': drawerOpen, 'aria-controls': 'cartable-annotations' }}
                onClick={() => setDrawerOpen(!drawerOpen)}
              >
                {m.showAnnotations(annotations.length)}
              </Button>
              {next && (
                <Link className="fr-link fr-icon-arrow-right-line fr-link--icon-right" to={next.to}>
                  {m.nextDocument(next.title)}
                </Link>
              )}
            </div>
          </PdfViewer>
        )}
        <AnnotationsPanel
          onClose={() => setDrawerOpen(false)}
          annotations={annotations}
          editing={editing}
          pageNoteFor={pageNoteFor}
          onEdit={setEditing}
          onGoTo={(page) => setGoTo({ page, request: Date.now() })}
          onChangeNote={(annotation, note) => void changeNote(annotation, note)}
          onDelete={(annotation) => void remove(annotation)}
          onPageNote={(note) => void pageNote(note)}
          shareControl={shareControl}
          groupSection={groupSection}
        />
      </div>
    </div>
  );
}
