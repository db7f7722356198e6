import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Upload } from '@codegouvfr/react-dsfr/Upload';
import type { ReactNode } from 'react';
import { messages } from '../messages.ts';
import type { NewDocumentShelf } from './use-document-shelf.ts';
import type { UploadRequest } from './use-document-upload.ts';

const m = messages.secretariat.documents;

/** « Supprimer « … » et toutes ses versions ? », in the row of the document. */
export function ConfirmRemoval({
  title,
  busy,
  onConfirm,
  onCancel,
}: {
  title: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <div role="alert">
      <p className="fr-text--sm fr-mb-1w">{m.confirmRemove(title)}</p>
      <Button size="small" disabled={busy} onClick={onConfirm}>
        {m.confirm}
      </Button>{' '}
      <Button size="small" priority="secondary" onClick={onCancel}>
        {messages.secretariat.cancel}
      </Button>
    </div>
  );
}

/** « Nouvelle version »: the file that replaces a document (what else the new version changes in `children`). */
export function ReplaceFilePanel({
  label,
  disabled,
  onFile,
  onCancel,
  children,
}: {
  label: string;
  disabled: boolean;
  onFile: (file: File) => void;
  onCancel: () => void;
  children?: ReactNode;
}) {
  return (
    <div className="cartable-console-form">
      {children}
      <Upload
        label={label}
        hint={m.fileHint}
        disabled={disabled}
        nativeInputProps={{ accept: 'application/pdf,.pdf', onChange: (event) => event.target.files?.[0] && onFile(event.target.files[0]) }}
      />
      <Button size="small" priority="secondary" className="fr-mt-1w" onClick={onCancel}>
        {messages.secretariat.cancel}
      </Button>
    </div>
  );
}

/** The PDF of a new document, and the offer to resume an interrupted upload of the same file. */
function NewFileField({
  missing,
  disabled,
  interruptedFile,
  onChoose,
  onResume,
}: {
  missing: boolean;
  disabled: boolean;
  /** The chosen file's name when an upload of it was interrupted. */
  interruptedFile: string | null;
  onChoose: (file: File | null) => void;
  onResume: () => void;
}) {
  return (
    <>
      <Upload
        label={m.file}
        hint={m.fileHint}
        state={missing ? 'error' : 'default'}
        stateRelatedMessage={m.chooseFile}
        disabled={disabled}
        nativeInputProps={{ accept: 'application/pdf,.pdf', onChange: (event) => onChoose(event.target.files?.[0] ?? null) }}
      />
      {interruptedFile && (
        <div className="fr-mb-2w">
          <Alert severity="info" small description={messages.secretariat.upload.interrupted(interruptedFile)} className="fr-mb-1w" />
          <Button size="small" priority="secondary" iconId="fr-icon-refresh-line" onClick={onResume}>
            {messages.secretariat.upload.resumeInterrupted}
          </Button>
        </div>
      )}
    </>
  );
}

/** The form of a new document: its PDF, its title, and what else its place asks for (`children`). */
export function NewDocumentForm({
  shelf,
  heading,
  request,
  children,
}: {
  shelf: NewDocumentShelf;
  heading: string;
  request: (chosen: File) => UploadRequest;
  children: ReactNode;
}) {
  const { file, uploading } = shelf;
  const interrupted = shelf.interrupted(request);
  return (
    <form noValidate onSubmit={(event) => shelf.submit(event, request)} className="cartable-console-form">
      <h3 className="fr-h5">{heading}</h3>
      <NewFileField
        missing={shelf.missingFile}
        disabled={uploading}
        interruptedFile={file && interrupted ? file.name : null}
        onChoose={shelf.choose}
        onResume={() => file && interrupted && void shelf.upload.resume(file, request(file), interrupted)}
      />
      <Input
        label={m.documentTitle}
        nativeInputProps={{ value: shelf.title, onChange: (event) => shelf.setTitle(event.target.value), maxLength: 300 }}
      />
      {children}
      <Button type="submit" iconId="fr-icon-upload-2-line" disabled={uploading}>
        {m.upload}
      </Button>
    </form>
  );
}
