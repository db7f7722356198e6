import { Button } from '@codegouvfr/react-dsfr/Button';
import { messages } from '../messages.ts';
import { formatTime } from '../../ui/format.ts';

const m = messages.secretariat.seance.quorum;

export interface QuorumFigures {
  present: number;
  represented: number;
  required: number | null;
  counted: number;
  reached: boolean | null;
  article: string | null;
}

export interface RecordedCheck extends QuorumFigures {
  occasion: string;
  checkedAt: string;
}

/**
 * The quorum said plainly: reached or not now (with its count and article), the last check recorded
 * and when, a warning once a departure took the room below it, and « Vérifier le quorum ».
 */
export function QuorumPanel({
  now,
  last,
  lostAt,
  timeZone,
  busy,
  editable,
  onCheck,
}: {
  now: QuorumFigures;
  last: RecordedCheck | null;
  lostAt: string | null;
  timeZone: string;
  busy: boolean;
  editable: boolean;
  onCheck: () => void;
}) {
  const tone = now.required === null ? '' : now.reached ? 'fr-callout--green-emeraude' : 'fr-callout--orange-terre-battue';
  return (
    <section aria-labelledby="seance-quorum" className={`fr-callout ${tone} fr-mb-3w`}>
      <h3 id="seance-quorum" className="fr-callout__title">
        {now.required === null ? m.none : now.reached ? m.reached : m.notReached}
      </h3>
      {now.required !== null && <p className="fr-callout__text">{m.count(now.counted, now.required)}</p>}
      <p className="fr-text--sm fr-mb-1w">{m.detail(now.present, now.represented, now.article)}</p>
      {last && (
        <p className="fr-text--sm fr-mb-1w">
          {m.checkedAt(
            formatTime(last.checkedAt, timeZone),
            m.reasons[last.occasion] ?? last.occasion,
            last.reached === false ? m.notReached : m.reached,
          )}
        </p>
      )}
      {lostAt && <p className="fr-text--sm fr-text--bold fr-mb-1w">{m.lost(formatTime(lostAt, timeZone))}</p>}
      {editable && (
        <Button priority="secondary" iconId="fr-icon-team-line" disabled={busy} onClick={onCheck}>
          {m.check}
        </Button>
      )}
    </section>
  );
}
