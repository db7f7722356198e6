import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useState, type ReactNode } from 'react';
import { messages } from '../i18n/messages.ts';
import type { ShownAnnotation } from './use-annotations.ts';

const m = messages.annotations;

function NoteEditor({
  label,
  initial,
  onSave,
  onClose,
}: {
  label: string;
  initial: string;
  onSave: (note: string) => void;
  onClose: () => void;
}) {
  const [note, setNote] = useState(initial);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSave(note);
        onClose();
      }}
    >
      <Input
        label={label}
        textArea
        nativeTextAreaProps={{ value: note, onChange: (event) => setNote(event.target.value), rows: 3, autoFocus: true }}
      />
      <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
        <li>
          <Button type="submit" size="small">
            {m.save}
          </Button>
        </li>
        <li>
          <Button type="button" size="small" priority="secondary" onClick={onClose}>
            {m.cancel}
          </Button>
        </li>
      </ul>
    </form>
  );
}

/**
 * The author's annotations of the document, in page order: go to one, change its note, delete it; and
 * the form of a new page note.
 */
export function AnnotationsPanel({
  annotations,
  editing,
  pageNoteFor,
  onEdit,
  onGoTo,
  onChangeNote,
  onDelete,
  onPageNote,
  onClose,
  shareControl,
  groupSection,
}: {
  annotations: readonly ShownAnnotation[];
  editing: string | null;
  /** A new page note is being written for this page. */
  pageNoteFor: number | null;
  onEdit: (id: string | null) => void;
  onGoTo: (page: number) => void;
  onChangeNote: (annotation: ShownAnnotation, note: string) => void;
  onDelete: (annotation: ShownAnnotation) => void;
  onPageNote: (note: string | null) => void;
  /** Closes the panel where it is a drawer (full screen, tablet in portrait, phone). */
  onClose: () => void;
  /** Sharing one's annotation with one's political group, when one has a group (reader/group/). */
  shareControl?: (annotation: ShownAnnotation) => ReactNode;
  /** What the reader's fellow group members shared on the document. */
  groupSection?: ReactNode;
}) {
  return (
    <section id="cartable-annotations" className="cartable-reader__panel" aria-labelledby="mes-annotations">
      <div className="cartable-reader__panel-head">
        <h2 id="mes-annotations" className="fr-h5">
          {m.title}
        </h2>
        <Button
          className="cartable-reader__drawer-close"
          iconId="fr-icon-close-line"
          priority="tertiary no outline"
          size="small"
          title={messages.reader.closeAnnotations}
          onClick={onClose}
        />
      </div>
      <p className="fr-text--xs">{m.privacy}</p>
      {pageNoteFor !== null && (
        <NoteEditor label={m.newPageNote(pageNoteFor)} initial="" onSave={(note) => onPageNote(note)} onClose={() => onPageNote(null)} />
      )}
      {annotations.length === 0 && <p>{m.none}</p>}
      <ul className="cartable-annotation-list">
        {annotations.map((annotation) => {
          const label = annotation.quote || m.pageNote;
          return (
            <li key={annotation.id} className="cartable-annotation" data-annotation-id={annotation.id}>
              <p className="fr-text--sm fr-mb-1v">
                {annotation.pageNumber ? m.onPage(annotation.pageNumber) : m.orphaned}
                {annotation.pending && <span className="fr-badge fr-badge--sm fr-badge--info fr-ml-1w">{m.pending}</span>}
              </p>
              {annotation.quote ? (
                <blockquote className="cartable-annotation__quote">« {annotation.quote} »</blockquote>
              ) : (
                <p className="fr-text--bold fr-mb-1v">{m.pageNote}</p>
              )}
              {annotation.anchorStatus === 'TEXT_CHANGED' && (
                <p className="fr-message fr-message--warning">{m.textChanged(annotation.quote)}</p>
              )}
              {annotation.note && editing !== annotation.id && <p className="cartable-annotation__note">{annotation.note}</p>}
              {shareControl?.(annotation)}
              {editing === annotation.id ? (
                <NoteEditor
                  label={m.noteLabel}
                  initial={annotation.note ?? ''}
                  onSave={(note) => onChangeNote(annotation, note)}
                  onClose={() => onEdit(null)}
                />
              ) : (
                <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
                  {annotation.pageNumber && (
                    <li>
                      <Button size="small" priority="tertiary" onClick={() => onGoTo(annotation.pageNumber!)}>
                        {m.goTo(annotation.pageNumber)}
                      </Button>
                    </li>
                  )}
                  <li>
                    <Button size="small" priority="secondary" onClick={() => onEdit(annotation.id)}>
                      {annotation.note ? m.editNote : m.addNote}
                    </Button>
                  </li>
                  <li>
                    <Button
                      size="small"
                      priority="tertiary"
                      iconId="fr-icon-delete-line"
                      title={m.deleteLabel(label)}
                      onClick={() => onDelete(annotation)}
                    >
                      {m.delete}
                    </Button>
                  </li>
                </ul>
              )}
            </li>
          );
        })}
      </ul>
      {groupSection}
    </section>
  );
}
