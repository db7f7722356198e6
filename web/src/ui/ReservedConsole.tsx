import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Link } from 'react-router';
import { messages } from '../i18n/messages.ts';

/** A console the account may not open: says to whom it is reserved, and leads back to the account's own home. */
export function ReservedConsole({ reservedTo }: { reservedTo: string }) {
  return (
    <Alert
      severity="info"
      title={reservedTo}
      description={
        <Link className="fr-link" to="/">
          {messages.app.backToInbox}
        </Link>
      }
    />
  );
}
