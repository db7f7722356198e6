import { messages } from './messages.ts';

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
type QuorumTexts = Pick<typeof messages.secretariat.followUp, 'quorumReached' | 'quorumNotReached' | 'quorumCount' | 'quorumDetail' | 'quorumRule' | 'quorumNone' | 'quorumPresent'>;

/** A quorum, reached or not, with its count, its detail and the rule that applies; for a commission, that the law sets none. */
export function QuorumCallout({ quorum, texts }: { quorum: Quorum; texts: QuorumTexts }) {
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
  return (
    <div className={`fr-callout ${quorum.reached ? 'fr-callout--green-emeraude' : 'fr-callout--orange-terre-battue'} fr-mb-3w`}>
      <h3 className="fr-callout__title">{quorum.reached ? texts.quorumReached : texts.quorumNotReached}</h3>
      <p className="fr-callout__text">{texts.quorumCount(quorum.counted, quorum.required, quorum.membersInOffice)}</p>
      <p className="fr-text--sm fr-mb-1w">{texts.quorumDetail(quorum.present, quorum.represented, quorum.absent, quorum.unanswered)}</p>
      <p className="fr-text--sm fr-mb-0">
        {texts.quorumRule(quorum.rule.description, quorum.rule.article)} {quorum.rule.countsProxies ? proxies.proxiesCount : proxies.proxiesDoNotCount}
      </p>
    </div>
  );
}
