import { Alert } from '@codegouvfr/react-dsfr/Alert';

/** What became of a form's last submission: done, or refused with the server's own (French) words. */
export type Outcome = { ok: string } | { error: string } | null;

export function OutcomeMessage({ outcome, errorTitle }: { outcome: Outcome; errorTitle?: string }) {
  return (
    <div aria-live="polite">
      {outcome && 'ok' in outcome && <Alert severity="success" small description={outcome.ok} className="fr-mb-2w" />}
      {outcome &&
        'error' in outcome &&
        (errorTitle ? (
          <Alert severity="error" title={errorTitle} description={outcome.error} className="fr-mb-2w" />
        ) : (
          <Alert severity="error" small description={outcome.error} className="fr-mb-2w" />
        ))}
    </div>
  );
}
