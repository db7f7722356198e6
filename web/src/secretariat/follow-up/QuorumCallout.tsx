import { messages } from '../messages.ts';
import { quorumOutlook } from './follow-up.ts';

interface Quorum {
  reached: boolean | null;
  counted: number;
  required: number | null;
  membersInOffice: number;
  present: number;
  represented: number;
  absent: number;
  unanswered: number;
  rule: { statutory: boolean; description: string; article: string | null; countsProxies: boolean };
}

/** The wording of a quorum: forecast from the answers (follow-up) or reached in session (attendance). */
type QuorumTexts = Pick<
  typeof messages.secretariat.followUp,
  'quorumReached' | 'quorumNotReached' | 'quorumCount' | 'quorumDetail' | 'quorumRule' | 'quorumNone' | 'quorumPresent'
>;

/**
 * A quorum, reached or not, with its count, its detail and the rule that applies; for a commission, that
 * the law sets none. A `forecast` that the answers still awaited could reach is pending, not missed: right
 * after the send, before anyone could answer, it is no alarm.
 */
export function QuorumCallout({ quorum, texts, forecast = false }: { quorum: Quorum; texts: QuorumTexts; forecast?: boolean }) {
  const proxies = messages.secretariat.followUp;
  if (quorum.required === null) {
    return (
      <div className="fr-callout fr-mb-3w">
        <h3 className="fr-callout__title">{texts.quorumNone}</h3>
        <p className="fr-callout__text">{texts.quorumPresent(quorum.present, quorum.membersInOffice)}</p>
        <p className="fr-text--sm fr-mb-1w">{texts.quorumDetail(quorum.present, quorum.represented, quorum.absent, quorum.unanswered)}</p>
        <p className="fr-text--sm fr-mb-0">{texts.quorumRule(quorum.rule.description, quorum.rule.article)}</p>
      </div>
    );
  }
  const outlook = quorumOutlook(quorum, forecast);
  const tone = { REACHED: 'fr-callout--green-emeraude', PENDING: 'fr-callout--blue-ecume', MISSED: 'fr-callout--orange-terre-battue' }[
    outlook
  ];
  const title = {
    REACHED: texts.quorumReached,
    PENDING: messages.secretariat.followUp.quorumPending(quorum.unanswered),
    MISSED: texts.quorumNotReached,
  }[outlook];
  return (
    <div className={`fr-callout ${tone} fr-mb-3w`}>
      <h3 className="fr-callout__title">{title}</h3>
      <p className="fr-callout__text">{texts.quorumCount(quorum.counted, quorum.required, quorum.membersInOffice)}</p>
      <p className="fr-text--sm fr-mb-1w">{texts.quorumDetail(quorum.present, quorum.represented, quorum.absent, quorum.unanswered)}</p>
      <p className="fr-text--sm fr-mb-0">
        {texts.quorumRule(quorum.rule.description, quorum.rule.article)}{' '}
        {quorum.rule.countsProxies ? proxies.proxiesCount : proxies.proxiesDoNotCount}
      </p>
    </div>
  );
}
