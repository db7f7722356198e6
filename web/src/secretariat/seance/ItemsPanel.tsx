import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { messages } from '../messages.ts';

const m = messages.secretariat.seance.items;

/** An agenda item as the séance sees it. */
export interface SeanceItemRow {
  id: string;
  number: string;
  title: string;
  /** PENDING, CURRENT, VOTED, WITHDRAWN, ADJOURNED. */
  state: string;
  current: boolean;
}

/** The agenda of the séance, item by item: its state, and « Passer à ce point » for the others. */
export function ItemsPanel({
  items,
  editable,
  busy,
  onSetCurrent,
}: {
  items: SeanceItemRow[];
  editable: boolean;
  busy: boolean;
  onSetCurrent: (item: SeanceItemRow) => void;
}) {
  return (
    <section aria-labelledby="seance-items" className="cartable-seance__panel">
      <h3 id="seance-items">{m.title}</h3>
      <ul className="cartable-seance-items">
        {items.map((item) => (
          <li
            key={item.id}
            className={item.current ? 'cartable-seance-items--current' : undefined}
            aria-current={item.current ? 'step' : undefined}
          >
            <p className="fr-text--bold fr-mb-1v">
              {item.number}. {item.title}
            </p>
            <p className="fr-mb-1v">
              <Badge
                small
                noIcon
                severity={item.current ? 'info' : item.state === 'VOTED' ? 'success' : item.state === 'PENDING' ? undefined : 'warning'}
              >
                {m.status[item.current ? 'CURRENT' : item.state] ?? item.state}
              </Badge>
            </p>
            {editable && !item.current && (item.state === 'PENDING' || item.state === 'VOTED') && (
              <Button
                size="small"
                priority="secondary"
                iconId="fr-icon-arrow-right-line"
                disabled={busy}
                onClick={() => onSetCurrent(item)}
                nativeButtonProps={{ 'aria-label': m.setCurrentLabel(item.number, item.title) }}
              >
                {m.setCurrent}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
