import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { messages } from '../i18n/messages.ts';
import type { Session } from './session.ts';

const m = messages;

/** Before login (inside `PublicApp`): what the app is, and the one button that starts the authorization code flow. */
export function LoginPage({ session, failed = false }: { session: Session; failed?: boolean }) {
  return (
    <>
      <h1>{m.app.name}</h1>
      <p className="fr-text--lead">{m.auth.intro}</p>
      {failed && <Alert severity="error" small description={m.auth.failed} className="fr-mb-3w" />}
      <Button iconId="fr-icon-lock-line" onClick={() => void session.login(failed ? '/' : undefined)}>
        {m.auth.login}
      </Button>
    </>
  );
}
