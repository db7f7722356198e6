import { useMutation } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useState, type DragEvent } from 'react';
import type { AgendaItemInput, ConsoleAgendaFragment, ConsoleAgendaItemFragment } from '../../graphql/generated/secretariat/graphql.ts';
import { messages } from '../messages.ts';
import { AgendaItemBadges } from '../../ui/AgendaItemBadges.tsx';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { availableMoves, dropMove, keyboardMove, locate, type AgendaPlace, type KeyboardMove } from './agenda-moves.ts';
import { AgendaItemForm } from './AgendaItemForm.tsx';
import { useMeetingConsole } from '../console-context.ts';
import { AddAgendaItemMutation, MoveAgendaItemMutation, RemoveAgendaItemMutation, UpdateAgendaItemMutation } from '../operations.ts';

const m = messages.secretariat.agenda;

type Item = ConsoleAgendaItemFragment & { children?: ConsoleAgendaItemFragment[] };
type Agenda = ConsoleAgendaFragment['agenda'];
type Editing = { kind: 'add'; parentId: string | null } | { kind: 'edit'; itemId: string } | { kind: 'remove'; itemId: string } | null;

const moveIcons = {
  up: 'fr-icon-arrow-up-line',
  down: 'fr-icon-arrow-down-line',
  indent: 'ri-indent-increase',
  outdent: 'ri-indent-decrease',
} as const;
const domId = (itemId: string, part: string) => `agenda-${itemId}-${part}`;

function numberOf(agenda: Agenda, itemId: string): string {
  return (locate(agenda, itemId)?.item as Item | undefined)?.number ?? '';
}

function inputOf(item: Item): AgendaItemInput {
  return {
    title: item.title,
    kind: item.kind,
    rapporteur: item.rapporteur ?? null,
    icpe: item.icpe,
    closedSession: item.closedSession,
    budgetPrimitif: item.budgetPrimitif,
  };
}

/**
 * The agenda builder: items and sub-items with their kind, rapporteur, ICPE flag and huis clos; add,
 * edit, remove; reorder by drag and drop or with the buttons (keyboard). Every change answers with the
 * agenda the server renumbered, which the page shows at once; a status line says where the item went.
 */
export function AgendaBuilder() {
  const { body, meeting, draft } = useMeetingConsole();
  const agenda = meeting.agenda;
  const [editing, setEditing] = useState<Editing>(null);
  const [announcement, setAnnouncement] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [dragged, setDragged] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const [focusAfter, setFocusAfter] = useState<{ itemId: string; part: string } | null>(null);
  const [add, added] = useMutation(AddAgendaItemMutation);
  const [update, updated] = useMutation(UpdateAgendaItemMutation);
  const [move, moved] = useMutation(MoveAgendaItemMutation);
  const [remove, removed] = useMutation(RemoveAgendaItemMutation);
  const busy = added.loading || updated.loading || moved.loading || removed.loading;

  // Keyboard users stay on the control they used (or the item's title when that control is gone).
  useEffect(() => {
    if (!focusAfter) return;
    const control = document.getElementById(domId(focusAfter.itemId, focusAfter.part)) as HTMLButtonElement | null;
    (control && !control.disabled ? control : document.getElementById(domId(focusAfter.itemId, 'title')))?.focus();
    setFocusAfter(null);
  }, [focusAfter, agenda]);

  async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
    setError(null);
    try {
      return await action();
    } catch (failure) {
      setError(failure);
      return undefined;
    }
  }

  const moveTo = async (item: Item, place: AgendaPlace, part: string) => {
    const result = await run(() => move({ variables: { bodyId: body.id, itemId: item.id, place } }));
    if (!result?.data) return;
    setAnnouncement(m.moved(item.title, numberOf(result.data.moveAgendaItem.agenda, item.id)));
    setFocusAfter({ itemId: item.id, part });
  };

  const save = async (input: AgendaItemInput) => {
    if (!editing || editing.kind === 'remove') return;
    if (editing.kind === 'add') {
      const place = editing.parentId ? { parentId: editing.parentId } : null;
      const result = await run(() => add({ variables: { bodyId: body.id, meetingId: meeting.id, input, place } }));
      if (!result?.data) return;
      const fresh = result.data.addAgendaItem.agenda;
      const siblings = editing.parentId ? (fresh.find((item) => item.id === editing.parentId)?.children ?? []) : fresh;
      const last = siblings.at(-1);
      setAnnouncement(m.added(input.title, last?.number ?? ''));
      setEditing(null);
      if (last) setFocusAfter({ itemId: last.id, part: 'title' });
      return;
    }
    const itemId = editing.itemId;
    const result = await run(() => update({ variables: { bodyId: body.id, itemId, input } }));
    if (!result?.data) return;
    setAnnouncement(m.saved(numberOf(result.data.updateAgendaItem.agenda, itemId)));
    setEditing(null);
    setFocusAfter({ itemId, part: 'edit' });
  };

  const confirmRemove = async (item: Item) => {
    const result = await run(() => remove({ variables: { bodyId: body.id, itemId: item.id } }));
    if (!result?.data) return;
    setAnnouncement(m.removed(item.title));
    setEditing(null);
  };

  const dragHandlers = (item: Item) =>
    draft && !editing
      ? {
          draggable: true,
          onDragStart: (event: DragEvent) => {
            event.stopPropagation();
            event.dataTransfer.effectAllowed = 'move';
            event.dataTransfer.setData('text/plain', item.id);
            setDragged(item.id);
          },
          onDragOver: (event: DragEvent) => {
            if (!dragged || !dropMove(agenda, dragged, item.id)) return;
            event.preventDefault();
            event.stopPropagation();
            event.dataTransfer.dropEffect = 'move';
            setOver(item.id);
          },
          onDragLeave: () => setOver((current) => (current === item.id ? null : current)),
          onDrop: (event: DragEvent) => {
            event.preventDefault();
            event.stopPropagation();
            const source = dragged ? locate(agenda, dragged)?.item : undefined;
            const place = dragged ? dropMove(agenda, dragged, item.id) : null;
            setDragged(null);
            setOver(null);
            if (source && place) void moveTo(source as Item, place, 'title');
          },
          onDragEnd: () => {
            setDragged(null);
            setOver(null);
          },
        }
      : {};

  const actions = (item: Item, topLevel: boolean) => {
    const possible = availableMoves(agenda, item.id);
    const moveButton = (which: KeyboardMove) => (
      <li key={which}>
        <Button
          id={domId(item.id, which)}
          size="small"
          priority="tertiary"
          iconId={moveIcons[which]}
          disabled={busy || !possible.has(which)}
          title={m.moveLabel(m[which], item.number, item.title)}
          aria-label={m.moveLabel(m[which], item.number, item.title)}
          onClick={() => void moveTo(item, keyboardMove(agenda, item.id, which)!, which)}
        >
          {m[which]}
        </Button>
      </li>
    );
    return (
      <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm fr-btns-group--icon-left cartable-builder__actions">
        {moveButton('up')}
        {moveButton('down')}
        {topLevel ? moveButton('indent') : moveButton('outdent')}
        <li>
          <Button
            id={domId(item.id, 'edit')}
            size="small"
            priority="secondary"
            iconId="fr-icon-edit-line"
            aria-label={m.editLabel(item.number, item.title)}
            onClick={() => setEditing({ kind: 'edit', itemId: item.id })}
          >
            {m.edit}
          </Button>
        </li>
        {topLevel && (
          <li>
            <Button
              size="small"
              priority="secondary"
              iconId="fr-icon-add-line"
              aria-label={m.addSubItemTo(item.number)}
              onClick={() => setEditing({ kind: 'add', parentId: item.id })}
            >
              {m.addSubItem}
            </Button>
          </li>
        )}
        <li>
          <Button
            size="small"
            priority="tertiary"
            iconId="fr-icon-delete-line"
            aria-label={m.removeLabel(item.number, item.title)}
            onClick={() => setEditing({ kind: 'remove', itemId: item.id })}
          >
            {m.remove}
          </Button>
        </li>
      </ul>
    );
  };

  const row = (item: Item, topLevel: boolean) => (
    <li
      key={item.id}
      className={[
        'cartable-builder__item',
        dragged === item.id ? 'cartable-builder__item--dragged' : '',
        over === item.id ? 'cartable-builder__item--over' : '',
      ].join(' ')}
      {...dragHandlers(item)}
    >
      <p className="cartable-agenda__title" id={domId(item.id, 'title')} tabIndex={-1}>
        {draft && <span className="ri-drag-move-2-line cartable-builder__handle" aria-hidden="true" title={m.dragHandle(item.number)} />}
        <span className="cartable-agenda__number">{item.number}.</span> {item.title}
      </p>
      <AgendaItemBadges item={item} />
      {draft && editing?.kind === 'edit' && editing.itemId === item.id ? (
        <AgendaItemForm
          remoteParticipation={meeting.legalNotices.remoteParticipation}
          legend={m.editItem(item.number)}
          initial={inputOf(item)}
          busy={busy}
          onSave={(input) => void save(input)}
          onCancel={() => setEditing(null)}
        />
      ) : draft && editing?.kind === 'remove' && editing.itemId === item.id ? (
        <div className="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w" role="alert">
          <p>{m.confirmRemove(item.number)}</p>
          <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
            <li>
              <Button size="small" disabled={busy} onClick={() => void confirmRemove(item)}>
                {m.confirm}
              </Button>
            </li>
            <li>
              <Button size="small" priority="secondary" onClick={() => setEditing(null)}>
                {messages.secretariat.cancel}
              </Button>
            </li>
          </ul>
        </div>
      ) : (
        draft && !editing && actions(item, topLevel)
      )}
      {((item.children?.length ?? 0) > 0 || (editing?.kind === 'add' && editing.parentId === item.id)) && (
        <ol className="cartable-agenda cartable-agenda--nested">
          {item.children?.map((child) => row(child, false))}
          {editing?.kind === 'add' && editing.parentId === item.id && (
            <li>
              <AgendaItemForm
                remoteParticipation={meeting.legalNotices.remoteParticipation}
                legend={m.newSubItem(item.number)}
                busy={busy}
                onSave={(input) => void save(input)}
                onCancel={() => setEditing(null)}
              />
            </li>
          )}
        </ol>
      )}
    </li>
  );

  return (
    <section aria-labelledby="agenda-heading">
      <h2 id="agenda-heading">{m.title}</h2>
      {draft ? <p>{m.intro}</p> : <p className="fr-text--sm">{messages.secretariat.meeting.readOnly}</p>}
      <p role="status" aria-live="polite" className="fr-text--sm cartable-builder__status">
        {announcement}
      </p>
      {Boolean(error) && <GraphqlError error={error} />}
      {agenda.length === 0 ? (
        <p>{m.empty}</p>
      ) : (
        <ol className="cartable-agenda cartable-builder">{agenda.map((item) => row(item, true))}</ol>
      )}
      {draft &&
        (editing?.kind === 'add' && editing.parentId === null ? (
          <AgendaItemForm
            remoteParticipation={meeting.legalNotices.remoteParticipation}
            legend={m.newItem}
            busy={busy}
            onSave={(input) => void save(input)}
            onCancel={() => setEditing(null)}
          />
        ) : (
          !editing && (
            <Button iconId="fr-icon-add-line" onClick={() => setEditing({ kind: 'add', parentId: null })}>
              {m.addItem}
            </Button>
          )
        ))}
    </section>
  );
}
