import { CombinedGraphQLErrors } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { useCallback, useRef, useState } from 'react';
import type { DocumentUploadInput } from '../graphql/generated/secretariat/graphql.ts';
import { CompleteDocumentUploadMutation, RequestDocumentUploadMutation } from './operations.ts';
import { checkFile, sendToStorage, UploadError } from './upload.ts';

export type UploadPhase = 'idle' | 'preparing' | 'sending' | 'verifying' | 'done' | 'failed';

export interface UploadState {
  phase: UploadPhase;
  fileName: string;
  /** 0 to 1, as the bytes leave the browser. */
  progress: number;
  /** The French message of a failure. */
  error: string | null;
  /** Cancelled by the user (not a failure to report as such). */
  cancelled: boolean;
}

export type UploadRequest = Omit<DocumentUploadInput, 'fileName' | 'contentType' | 'sizeBytes'>;

const idle: UploadState = { phase: 'idle', fileName: '', progress: 0, error: null, cancelled: false };

function messageOf(error: unknown): string {
  if (error instanceof UploadError) return error.message;
  if (CombinedGraphQLErrors.is(error)) return error.errors[0]?.message ?? error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * One document upload: the API authorises it (`requestDocumentUpload`), the browser sends the file
 * straight to storage with its progress, then the API verifies it and makes it a document or a new
 * version (`completeDocumentUpload`). Every failure ends as a French message; a retry starts over.
 */
export function useDocumentUpload(bodyId: string, onUploaded: (documentId: string) => void) {
  const [state, setState] = useState<UploadState>(idle);
  const [requestUpload] = useMutation(RequestDocumentUploadMutation);
  const [completeUpload] = useMutation(CompleteDocumentUploadMutation);
  const abort = useRef<AbortController | null>(null);
  const last = useRef<{ file: File; request: UploadRequest } | null>(null);

  const start = useCallback(
    async (file: File, request: UploadRequest) => {
      const fileName = file.name;
      last.current = { file, request };
      const refused = checkFile(file);
      if (refused) {
        setState({ ...idle, phase: 'failed', fileName, error: refused.message });
        return;
      }
      const controller = new AbortController();
      abort.current = controller;
      setState({ ...idle, phase: 'preparing', fileName });
      try {
        const ticket = await requestUpload({
          variables: { bodyId, input: { ...request, fileName, contentType: 'application/pdf', sizeBytes: file.size } },
        });
        const target = ticket.data!.requestDocumentUpload;
        const tooLarge = checkFile(file, target.maxBytes);
        if (tooLarge) throw tooLarge;
        setState((current) => ({ ...current, phase: 'sending' }));
        await sendToStorage(target, file, (progress) => setState((current) => ({ ...current, progress })), controller.signal);
        setState((current) => ({ ...current, phase: 'verifying', progress: 1 }));
        const completed = await completeUpload({ variables: { bodyId, uploadId: target.uploadId } });
        setState((current) => ({ ...current, phase: 'done' }));
        onUploaded(completed.data!.completeDocumentUpload);
      } catch (error) {
        setState((current) => ({ ...current, phase: 'failed', error: messageOf(error), cancelled: error instanceof UploadError && error.failure === 'ABORTED' }));
      } finally {
        abort.current = null;
      }
    },
    [bodyId, requestUpload, completeUpload, onUploaded],
  );

  const cancel = useCallback(() => abort.current?.abort(), []);
  const retry = useCallback(() => {
    if (last.current) void start(last.current.file, last.current.request);
  }, [start]);
  const reset = useCallback(() => setState(idle), []);
  return { state, start, cancel, retry, reset };
}
