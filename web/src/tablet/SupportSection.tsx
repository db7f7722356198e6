import { useMutation } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { MyTabletQuery as MyTabletData } from '../graphql/generated/graphql.ts';
import { MyTabletQuery, OpenSupportTicketMutation } from '../graphql/operations.ts';
import { messages } from '../i18n/messages.ts';
import { useOnline } from '../offline/use-online.ts';
import { userError } from '../ui/error-message.ts';
import { formatShortDate } from '../ui/format.ts';
import { OutcomeMessage, type Outcome } from '../ui/OutcomeMessage.tsx';
import { useFieldErrors } from '../ui/form-errors.ts';

const m = messages.tablet;

/** « Signaler un problème »: a support ticket on the official's tablet (`openSupportTicket`), and their open ones. */
export function SupportSection({ deviceId, tickets }: { deviceId: string; tickets: MyTabletData['mySupportTickets'] }) {
  const online = useOnline();
  const [open, setOpen] = useState(false);
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const fields = useFieldErrors();
  const [send, { loading }] = useMutation(OpenSupportTicketMutation, { refetchQueries: [MyTabletQuery], awaitRefetchQueries: true });
  // Closing the form gives the focus back to the button that opened it.
  const toggleRef = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (!open && wasOpen.current) toggleRef.current?.focus();
    wasOpen.current = open;
  }, [open]);
  const close = () => setOpen(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!fields.check(event.currentTarget)) return;
    setOutcome(null);
    try {
      await send({ variables: { deviceId, input: { subject, description } } });
      setSubject('');
      setDescription('');
      setOutcome({ ok: m.sent });
      close();
    } catch (error) {
      setOutcome({ error: userError(error).message });
    }
  };

  return (
    <section aria-labelledby="assistance">
      <h2 id="assistance">{m.support}</h2>
      <p>{m.supportIntro}</p>
      {!open && <OutcomeMessage outcome={outcome} />}
      {open ? (
        <form noValidate onSubmit={(event) => void submit(event)} onInput={fields.onInput} className="fr-mb-4w">
          <Input
            label={m.subject}
            hintText={m.subjectHint}
            className="cartable-field"
            {...fields.field('subject')}
            nativeInputProps={{
              name: 'subject',
              value: subject,
              required: true,
              maxLength: 200,
              autoFocus: true,
              onChange: (event) => setSubject(event.target.value),
            }}
          />
          <Input
            textArea
            label={m.description}
            hintText={m.descriptionHint}
            nativeTextAreaProps={{ value: description, rows: 4, maxLength: 5000, onChange: (event) => setDescription(event.target.value) }}
          />
          <OutcomeMessage outcome={outcome} />
          {!online && <p className="fr-message fr-message--info">{m.supportOffline}</p>}
          <ul className="fr-btns-group fr-btns-group--inline-md">
            <li>
              <Button type="submit" disabled={!online || loading || subject.trim() === ''}>
                {loading ? m.sending : m.send}
              </Button>
            </li>
            <li>
              <Button type="button" priority="secondary" onClick={close}>
                {m.cancel}
              </Button>
            </li>
          </ul>
        </form>
      ) : (
        <Button
          ref={toggleRef}
          priority="secondary"
          iconId="fr-icon-error-warning-line"
          onClick={() => {
            setOutcome(null);
            setOpen(true);
          }}
          className="fr-mb-4w"
        >
          {m.support}
        </Button>
      )}
      <h3 className="fr-h6">{m.openTickets}</h3>
      {tickets.length === 0 ? (
        <p>{m.noTicket}</p>
      ) : (
        <ul className="cartable-tickets">
          {tickets.map((ticket) => (
            <li key={ticket.id}>
              <strong>{ticket.subject}</strong> — {m.openedOn(formatShortDate(ticket.openedAt))}
              {ticket.description && <p className="fr-mb-1w">{ticket.description}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
