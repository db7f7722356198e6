import { Button } from '@codegouvfr/react-dsfr/Button';
import { messages } from '../i18n/messages.ts';

/** The two buttons that end the consoles' forms: save (submit), and cancel. */
export function FormButtons({ busy, save, onCancel }: { busy: boolean; save: string; onCancel: () => void }) {
  return (
    <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
      <li>
        <Button type="submit" disabled={busy}>
          {save}
        </Button>
      </li>
      <li>
        <Button type="button" priority="secondary" onClick={onCancel}>
          {messages.app.cancel}
        </Button>
      </li>
    </ul>
  );
}
