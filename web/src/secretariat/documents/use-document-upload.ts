import { ServerError } from '@apollo/client';
import { useApolloClient, useMutation } from '@apollo/client/react';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { DocumentUploadInput, LibraryUploadInput } from '../../graphql/generated/secretariat/graphql.ts';
import { messages } from '../messages.ts';
import { userError } from '../../ui/error-message.ts';
import {
  AbortDocumentUploadMutation,
  CompleteDocumentUploadMutation,
  DocumentUploadQuery,
  RequestDocumentUploadMutation,
  RequestDocumentUploadPartsMutation,
  RequestLibraryUploadMutation,
} from '../operations.ts';
import { checkFile, sendPart, sendToStorage, UploadError } from './upload.ts';
import {
  inGroups,
  partRange,
  partsToSend,
  pendingUploadKey,
  pendingUploads,
  storedBytes,
  type PendingUploadRecord,
} from './upload-parts.ts';

const m = messages.secretariat.upload;

export type UploadPhase = 'idle' | 'preparing' | 'sending' | 'paused' | 'verifying' | 'done' | 'failed';

export interface UploadState {
  phase: UploadPhase;
  fileName: string;
  /** 0 to 1, as the bytes reach the storage (parts already stored included). */
  progress: number;
  /** The French message of a failure. */
  error: string | null;
  /** Cancelled by the user (not a failure to report as such). */
  cancelled: boolean;
}

/** A meeting's document, or (with a `category`) a library document: the rest of the upload is the same. */
export type UploadRequest =
  Omit<DocumentUploadInput, 'fileName' | 'contentType' | 'sizeBytes'> | Omit<LibraryUploadInput, 'fileName' | 'contentType' | 'sizeBytes'>;

/** Where an interrupted upload is remembered: its meeting, or the library. */
const placeOf = (request: UploadRequest) => ('category' in request ? 'bibliotheque' : request.meetingId);

const idle: UploadState = { phase: 'idle', fileName: '', progress: 0, error: null, cancelled: false };
/** Part URLs asked for at once (they expire after 15 minutes), and parts sent at the same time. */
const partsPerRequest = 4;
const partsInParallel = 2;
/** While the browser says it is online, a paused upload tries again after this delay. */
const retryOnlineAfterMs = 10_000;

/** A failure the network explains (a part, or a call to the API, cut off): worth waiting and resuming. */
function isNetworkFailure(error: unknown): boolean {
  if (error instanceof UploadError) return error.failure === 'NETWORK';
  return error instanceof TypeError || ServerError.is(error) || (typeof navigator !== 'undefined' && !navigator.onLine);
}

/**
 * One document upload: the API authorises it (`requestDocumentUpload`, `requestLibraryUpload`), the browser sends the file
 * straight to storage with its progress — in one POST, or, for a file larger than one part, in parts,
 * which pause when the connection drops and resume when it returns, sending only the parts the storage
 * does not hold — then the API verifies it and makes it a document or a new version
 * (`completeDocumentUpload`). An upload in parts is remembered in localStorage: picking the same file
 * again after a reload resumes it (`resume`). Every failure ends as a French message.
 */
export function useDocumentUpload(body: { id: string; slug: string }, onUploaded: (documentId: string) => void) {
  const client = useApolloClient();
  const [state, setState] = useState<UploadState>(idle);
  const [requestUpload] = useMutation(RequestDocumentUploadMutation);
  const [requestLibraryUpload] = useMutation(RequestLibraryUploadMutation);
  const [requestParts] = useMutation(RequestDocumentUploadPartsMutation);
  const [completeUpload] = useMutation(CompleteDocumentUploadMutation);
  const [abortUpload] = useMutation(AbortDocumentUploadMutation);
  const pending = useMemo(() => pendingUploads(), []);
  const abort = useRef<AbortController | null>(null);
  const resumeNow = useRef<(() => void) | null>(null);
  const last = useRef<{ file: File; request: UploadRequest } | null>(null);
  const progress = useCallback((fraction: number) => setState((current) => ({ ...current, progress: fraction })), []);

  /** One round: asks the storage what it holds, then sends the other parts, a few at a time. */
  const sendMissingParts = useCallback(
    async (uploadId: string, file: File, signal: AbortSignal) => {
      const { data } = await client.query({
        query: DocumentUploadQuery,
        variables: { slug: body.slug, uploadId },
        fetchPolicy: 'no-cache',
      });
      const upload = data!.body.documentUpload;
      const plan = { sizeBytes: upload.sizeBytes, partSize: upload.partSize, partCount: upload.partCount };
      let stored = storedBytes(plan, upload.storedParts);
      const inFlight = new Map<number, number>();
      const report = () => progress((stored + [...inFlight.values()].reduce((total, bytes) => total + bytes, 0)) / plan.sizeBytes);
      report();
      for (const group of inGroups(partsToSend(plan, upload.storedParts), partsPerRequest)) {
        const urls = await requestParts({ variables: { bodyId: body.id, uploadId, partNumbers: group } });
        for (const pair of inGroups(urls.data!.requestDocumentUploadParts, partsInParallel)) {
          await Promise.all(
            pair.map(async (part) => {
              const { start, end } = partRange(plan, part.partNumber);
              await sendPart(
                part.url,
                file.slice(start, end),
                (fraction) => {
                  inFlight.set(part.partNumber, fraction * (end - start));
                  report();
                },
                signal,
              );
              inFlight.delete(part.partNumber);
              stored += end - start;
              report();
            }),
          );
        }
      }
    },
    [client, body, requestParts, progress],
  );

  /** Waits for the connection (`online`, a retry while online, or « Reprendre »); rejects on cancel. */
  const waitForResume = useCallback(
    (signal: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        const done = (outcome: () => void) => () => {
          window.removeEventListener('online', resumed);
          signal.removeEventListener('abort', cancelled);
          clearTimeout(timer);
          resumeNow.current = null;
          outcome();
        };
        const resumed = done(resolve);
        const cancelled = done(() => reject(new UploadError('ABORTED', m.aborted)));
        const timer = navigator.onLine ? setTimeout(resumed, retryOnlineAfterMs) : undefined;
        window.addEventListener('online', resumed, { once: true });
        signal.addEventListener('abort', cancelled, { once: true });
        resumeNow.current = resumed;
      }),
    [],
  );

  /** Sends the parts round after round: a drop (or `offline`) pauses, the connection back resumes. */
  const sendInParts = useCallback(
    async (uploadId: string, file: File, signal: AbortSignal) => {
      let expiredLinks = 0;
      for (;;) {
        const round = new AbortController();
        const stop = () => round.abort();
        signal.addEventListener('abort', stop);
        window.addEventListener('offline', stop);
        try {
          setState((current) => ({ ...current, phase: 'sending' }));
          await sendMissingParts(uploadId, file, round.signal);
          return;
        } catch (error) {
          if (signal.aborted) throw new UploadError('ABORTED', m.aborted);
          // Part links expire after 15 minutes: a new round asks for fresh ones.
          if (error instanceof UploadError && error.failure === 'EXPIRED' && expiredLinks++ < 3) continue;
          if (!round.signal.aborted && !isNetworkFailure(error)) throw error;
          setState((current) => ({ ...current, phase: 'paused' }));
          await waitForResume(signal);
        } finally {
          round.abort();
          signal.removeEventListener('abort', stop);
          window.removeEventListener('offline', stop);
        }
      }
    },
    [sendMissingParts, waitForResume],
  );

  const discard = useCallback(
    (uploadId: string) => void abortUpload({ variables: { bodyId: body.id, uploadId } }).catch(() => undefined),
    [abortUpload, body.id],
  );

  const run = useCallback(
    async (file: File, request: UploadRequest, resumeFrom: PendingUploadRecord | null) => {
      const fileName = file.name;
      const key = pendingUploadKey({ bodyId: body.id, meetingId: placeOf(request), documentId: request.documentId, file });
      last.current = { file, request };
      const refused = checkFile(file);
      if (refused) {
        setState({ ...idle, phase: 'failed', fileName, error: refused.message });
        return;
      }
      const controller = new AbortController();
      abort.current = controller;
      setState({ ...idle, phase: 'preparing', fileName });
      let uploadId = resumeFrom?.uploadId ?? null;
      let inParts = resumeFrom !== null;
      try {
        if (!uploadId) {
          // Starting over: an interrupted upload of the same file is dropped.
          const previous = pending.find(key);
          if (previous) {
            pending.forget(key);
            discard(previous.uploadId);
          }
          const declared = { fileName, contentType: 'application/pdf', sizeBytes: file.size };
          const target =
            'category' in request
              ? (await requestLibraryUpload({ variables: { bodyId: body.id, input: { ...request, ...declared } } })).data!
                  .requestLibraryUpload
              : (await requestUpload({ variables: { bodyId: body.id, input: { ...request, ...declared } } })).data!.requestDocumentUpload;
          const tooLarge = checkFile(file, target.maxBytes);
          if (tooLarge) throw tooLarge;
          uploadId = target.uploadId;
          inParts = target.parts !== null && target.parts !== undefined;
          if (inParts) {
            pending.save(key, { uploadId, expiresAt: target.expiresAt });
          } else {
            setState((current) => ({ ...current, phase: 'sending' }));
            await sendToStorage({ ...target, url: target.url ?? '' }, file, progress, controller.signal);
          }
        }
        if (inParts) await sendInParts(uploadId, file, controller.signal);
        setState((current) => ({ ...current, phase: 'verifying', progress: 1 }));
        const completed = await completeUpload({ variables: { bodyId: body.id, uploadId } });
        pending.forget(key);
        setState((current) => ({ ...current, phase: 'done' }));
        onUploaded(completed.data!.completeDocumentUpload);
      } catch (error) {
        const cancelled = controller.signal.aborted;
        if (cancelled && uploadId) discard(uploadId);
        // A cut connection leaves the upload to resume; anything else ends it.
        if (cancelled || !isNetworkFailure(error)) pending.forget(key);
        setState((current) => ({ ...current, phase: 'failed', error: userError(error).message, cancelled }));
      } finally {
        abort.current = null;
      }
    },
    [body.id, pending, discard, requestUpload, requestLibraryUpload, sendInParts, completeUpload, onUploaded, progress],
  );

  const start = useCallback((file: File, request: UploadRequest) => run(file, request, null), [run]);
  /** The interrupted upload of this same file for this same place, if any (to offer resuming it). */
  const interrupted = useCallback(
    (file: File, request: UploadRequest) =>
      pending.find(pendingUploadKey({ bodyId: body.id, meetingId: placeOf(request), documentId: request.documentId, file })),
    [pending, body.id],
  );
  const resume = useCallback((file: File, request: UploadRequest, record: PendingUploadRecord) => run(file, request, record), [run]);
  const cancel = useCallback(() => abort.current?.abort(), []);
  const resumeNowCallback = useCallback(() => resumeNow.current?.(), []);
  /** Resumes what can be (an upload in parts cut off), starts over otherwise. */
  const retry = useCallback(() => {
    if (!last.current) return;
    const { file, request } = last.current;
    const record = interrupted(file, request);
    void run(file, request, record);
  }, [run, interrupted]);
  const reset = useCallback(() => setState(idle), []);
  return { state, start, interrupted, resume, resumeNow: resumeNowCallback, cancel, retry, reset };
}
