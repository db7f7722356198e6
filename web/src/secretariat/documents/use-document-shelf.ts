import { useMutation } from '@apollo/client/react';
import { useCallback, useState, type FormEvent } from 'react';
import { messages } from '../messages.ts';
import { DeleteDocumentMutation } from '../operations.ts';
import { useDocumentUpload, type UploadRequest } from './use-document-upload.ts';

export function titleFromFileName(fileName: string): string {
  return fileName
    .replace(/\.pdf$/i, '')
    .replace(/[_-]+/g, ' ')
    .trim();
}

/**
 * What a console screen of documents holds, whether a meeting's or the library's: the new document's file
 * and title, the document whose new version is being chosen, the one whose removal waits for a
 * confirmation, the upload and the removal with its announcement. Each uploaded file empties the form.
 */
export function useDocumentShelf<D extends { id: string; title: string }>(body: { id: string; slug: string }, refetch: () => unknown) {
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [missingFile, setMissingFile] = useState(false);
  const [replacing, setReplacing] = useState<D | null>(null);
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

  /** The new document's title: the one typed, or the file's name. */
  const titleFor = (chosen: File) => title.trim() || titleFromFileName(chosen.name);

  return {
    file,
    title,
    setTitle,
    missingFile,
    replacing,
    setReplacing,
    removing,
    setRemoving,
    announcement,
    formKey,
    removal,
    upload,
    uploading,
    titleFor,
    /** The chosen file was being uploaded when the page was left: the record to resume it from. */
    interrupted: (request: (chosen: File) => UploadRequest) => (file && !uploading ? upload.interrupted(file, request(file)) : null),
    choose: (chosen: File | null) => {
      setFile(chosen);
      if (chosen && !title) setTitle(titleFromFileName(chosen.name));
    },
    /** Sends the new document, or says that its file is missing. */
    submit: (event: FormEvent, request: (chosen: File) => UploadRequest) => {
      event.preventDefault();
      setMissingFile(!file);
      if (file) void upload.start(file, request(file));
    },
    /** A new version; picking again the file of an interrupted one resumes it. */
    replace: (request: UploadRequest, replacement: File) => {
      const record = upload.interrupted(replacement, request);
      void (record ? upload.resume(replacement, request, record) : upload.start(replacement, request));
    },
    confirmRemove: async (document: { id: string; title: string }) => {
      try {
        await remove({ variables: { bodyId: body.id, documentId: document.id } });
        setAnnouncement(messages.secretariat.documents.removed(document.title));
        setRemoving(null);
        await refetch();
      } catch {
        // Shown from the mutation's state.
      }
    },
  };
}

/** The new document's part of a shelf, what its form uses (whatever the shelf's documents). */
export type NewDocumentShelf = Pick<
  ReturnType<typeof useDocumentShelf>,
  'file' | 'title' | 'setTitle' | 'missingFile' | 'upload' | 'uploading' | 'interrupted' | 'choose' | 'submit'
>;
