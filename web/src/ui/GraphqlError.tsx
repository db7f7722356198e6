import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useApp } from '../app/app-context.ts';
import { messages } from '../i18n/messages.ts';
import { firstGraphqlError } from './error-message.ts';

/** An error of the API in plain French: the server's own message, or a way back in when the session ended. */
export function GraphqlError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { session } = useApp();
  const { message, code } = firstGraphqlError(error);
  if (code === 'UNAUTHENTICATED') {
    return (
      <Alert
        severity="warning"
        title={messages.auth.sessionExpired}
        description={<Button onClick={() => void session.login()}>{messages.auth.login}</Button>}
      />
    );
  }
  return (
    <Alert
      severity="error"
      title={messages.app.error(message)}
      description={onRetry ? <Button priority="secondary" onClick={onRetry}>{messages.app.retry}</Button> : undefined}
    />
  );
}
