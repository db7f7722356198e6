import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import { useApp } from '../app/app-context.ts';
import { messages } from '../i18n/messages.ts';
import { removeOfflineMeeting, saveMeetingOffline } from '../offline/meeting-cache.ts';
import { useOnline } from '../offline/use-online.ts';
import { userError } from '../ui/error-message.ts';
import { formatShortDate } from '../ui/format.ts';
import type { MeetingState } from './use-meeting.ts';

const m = messages.meeting;

/** "Télécharger pour consultation hors ligne": agenda, documents and annotations kept on the device. */
export function OfflineCopyPanel({ meeting }: { meeting: MeetingState }) {
  const { owner } = useApp();
  const online = useOnline();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const { data, offlineCopy, setOfflineCopy } = meeting;
  if (!data) return null;

  const download = async () => {
    setFailure(null);
    try {
      setOfflineCopy(await saveMeetingOffline(owner, data, (done, total) => setProgress({ done, total })));
    } catch (error) {
      setFailure(userError(error).message);
    } finally {
      setProgress(null);
    }
  };
  const remove = async () => {
    await removeOfflineMeeting(owner, data.body.slug, data.body.meeting.id);
    setOfflineCopy(undefined);
  };

  return (
    <section className="fr-my-3w" aria-labelledby="hors-ligne">
      <h2 id="hors-ligne" className="fr-sr-only">
        {m.download}
      </h2>
      <div aria-live="polite">
        {progress && <p>{m.downloading(progress.done, progress.total)}</p>}
        {offlineCopy && !progress && <p className="fr-badge fr-badge--success">{m.downloaded(formatShortDate(offlineCopy.savedAt))}</p>}
        {failure && <p className="fr-message fr-message--error">{failure}</p>}
      </div>
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        <li>
          <Button
            iconId="fr-icon-download-line"
            priority={offlineCopy ? 'secondary' : 'primary'}
            disabled={!online || progress !== null}
            onClick={() => void download()}
          >
            {offlineCopy ? m.refreshOffline : m.download}
          </Button>
        </li>
        {offlineCopy && (
          <li>
            <Button iconId="fr-icon-delete-line" priority="tertiary" onClick={() => void remove()}>
              {m.removeOffline}
            </Button>
          </li>
        )}
      </ul>
    </section>
  );
}
