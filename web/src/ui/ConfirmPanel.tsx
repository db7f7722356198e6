import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { messages } from '../i18n/messages.ts';

/**
 * Asks before an action that is hard to undo: what will happen, confirm or cancel. Takes the focus when
 * it opens, so that keyboard and screen reader users land on the question.
 */
export function ConfirmPanel({
  title,
  text,
  confirm,
  busy,
  onConfirm,
  onCancel,
  children,
}: {
  title: string;
  text: string;
  confirm: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children?: ReactNode;
}) {
  const heading = useId();
  const panel = useRef<HTMLElement>(null);
  useEffect(() => panel.current?.focus(), []);
  return (
    <section ref={panel} tabIndex={-1} aria-labelledby={heading} className="cartable-confirm fr-p-2w fr-mb-3w">
      <h2 id={heading} className="fr-h6 fr-mb-1w">
        {title}
      </h2>
      <p className="fr-text--sm">{text}</p>
      {children}
      <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
        <li>
          <Button disabled={busy} onClick={onConfirm}>
            {confirm}
          </Button>
        </li>
        <li>
          <Button priority="secondary" onClick={onCancel}>
            {messages.app.cancel}
          </Button>
        </li>
      </ul>
    </section>
  );
}
