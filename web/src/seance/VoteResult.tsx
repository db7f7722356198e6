import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { messages } from '../i18n/messages.ts';
import { useSeanceLaw } from './seance-law.ts';
import type { Figures } from './tally.ts';
import { expressed } from './tally.ts';

const m = messages.liveSeance.result;

/** A closed vote as the server decided it: the outcome, its figures, and for a public ballot who voted what. */
export interface VoteResultView extends Figures {
  outcome: 'ADOPTED' | 'REJECTED';
  secret: boolean;
  /** Pour and contre were equal. */
  tie: boolean;
  /** The names behind each choice (public ballot only), e.g. « Pour » → [Anne Vignot, …]. */
  names: { choice: string; names: string[] }[];
}

/** The result, said plainly: « Adopté » or « Rejeté » first, then the figures, the tie rule, the names. */
export function VoteResult({ result, heading }: { result: VoteResultView; heading: string }) {
  const { majorityArticle } = useSeanceLaw();
  return (
    <div
      className={`fr-callout ${result.outcome === 'ADOPTED' ? 'fr-callout--green-emeraude' : 'fr-callout--pink-tuile'} fr-mb-3w cartable-vote-result`}
    >
      <p className="fr-callout__title">
        {heading}{' '}
        <Badge severity={result.outcome === 'ADOPTED' ? 'success' : 'error'} noIcon>
          {m[result.outcome]}
        </Badge>
      </p>
      <p className="fr-callout__text">
        {result.secret
          ? m.secretFigures(result.for, result.against, result.blank, result.spoiled)
          : m.figures(result.for, result.against, result.abstention)}{' '}
        ({m.expressed(expressed(result))})
      </p>
      {result.tie && <p className="fr-mb-1w">{result.secret ? m.secretTie : m.casting(majorityArticle)}</p>}
      {result.names.length > 0 && (
        <ul className="fr-text--sm fr-mb-0">
          {result.names
            .filter((entry) => entry.names.length > 0)
            .map((entry) => (
              <li key={entry.choice}>{m.names(entry.choice, entry.names.join(', '))}</li>
            ))}
        </ul>
      )}
    </div>
  );
}
