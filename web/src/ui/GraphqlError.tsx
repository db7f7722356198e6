import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useApp } from '../app/app-context.ts';
import { messages } from '../i18n/messages.ts';
import { userError } from './error-message.ts';

/**
 * A failure of the API in plain French: the screen's offline state when the network is gone, the
 * server's own message, a way back in when the session ended, or a generic sentence — never raw text.
 */
export function GraphqlError({ error, onRetry, offline }: { error: unknown; onRetry?: () => void; offline?: string }) {
  const { session } = useApp();
  const { kind, code, message } = userError(error, offline);
  if (code === 'UNAUTHENTICATED') {
    return (
      <Alert
        severity="warning"
        title={messages.auth.sessionExpired}
        description={<Button onClick={() => void session.login()}>{messages.auth.login}</Button>}
      />
    );
  }
  const retry = onRetry ? (
    <Button priority="secondary" onClick={onRetry}>
      {messages.app.retry}
    </Button>
  ) : undefined;
  if (kind === 'offline') return <Alert severity="info" small description={message} className="fr-mb-2w" />;
  return <Alert severity="error" title={message} description={retry} />;
}
