import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useId } from 'react';
import { messages } from '../messages.ts';
import type { UploadState } from './use-document-upload.ts';

const m = messages.secretariat.upload;

/**
 * Where an upload stands: a progress bar while the file leaves (paused while the connection is lost,
 * with « Reprendre »), then the verification, or the failure.
 */
export function UploadProgress({
  state,
  onCancel,
  onRetry,
  onResume,
}: {
  state: UploadState;
  onCancel: () => void;
  onRetry: () => void;
  onResume: () => void;
}) {
  const labelId = useId();
  if (state.phase === 'idle') return null;
  const percent = Math.round(state.progress * 100);
  const failure = state.cancelled ? m.aborted : m.failed(state.error ?? '');
  const phaseText = {
    preparing: m.preparing(state.fileName),
    sending: m.sending(state.fileName, percent),
    paused: m.pausedAt(state.fileName, percent),
    verifying: m.verifying(state.fileName),
    done: m.done(state.fileName),
    failed: null,
  }[state.phase];
  return (
    <div className="cartable-upload fr-mb-3w">
      {phaseText && (
        <p id={labelId} className="fr-mb-1w">
          {phaseText}
        </p>
      )}
      {state.phase !== 'failed' && <progress className="cartable-upload__bar" max={100} value={percent} aria-labelledby={labelId} />}
      {/* Phases are announced, not every percent. */}
      <p role="status" aria-live="polite" className="fr-sr-only">
        {state.phase === 'sending' ? m.sendingStarted(state.fileName) : state.phase === 'paused' ? m.paused : (phaseText ?? failure)}
      </p>
      {state.phase === 'paused' && <Alert severity="warning" small description={m.paused} className="fr-mb-1w" />}
      {(state.phase === 'sending' || state.phase === 'paused') && (
        <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
          {state.phase === 'paused' && (
            <li>
              <Button size="small" onClick={onResume}>
                {m.resume}
              </Button>
            </li>
          )}
          <li>
            <Button size="small" priority="secondary" onClick={onCancel}>
              {m.cancel}
            </Button>
          </li>
        </ul>
      )}
      {state.phase === 'failed' && (
        <Alert
          severity={state.cancelled ? 'info' : 'error'}
          small
          description={
            <>
              {failure}{' '}
              <Button size="small" priority="secondary" onClick={onRetry}>
                {m.retry}
              </Button>
            </>
          }
        />
      )}
    </div>
  );
}
