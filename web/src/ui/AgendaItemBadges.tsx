import { Badge } from '@codegouvfr/react-dsfr/Badge';
import type { AgendaItemKind } from '../graphql/generated/graphql.ts';
import { messages } from '../i18n/messages.ts';

const m = messages.meeting;

/** What an agenda item is: its kind, huis clos, ICPE, and its rapporteur. */
export function AgendaItemBadges({
  item,
}: {
  item: { kind: AgendaItemKind; closedSession: boolean; icpe: boolean; rapporteur?: string | null };
}) {
  return (
    <>
      <ul className="fr-badges-group">
        <li>
          <Badge small noIcon>
            {messages.agendaKind[item.kind]}
          </Badge>
        </li>
        {item.closedSession && (
          <li>
            <Badge small severity="warning" noIcon>
              {m.closedSession}
            </Badge>
          </li>
        )}
        {item.icpe && (
          <li>
            <Badge small severity="info" noIcon>
              {m.icpe}
            </Badge>
          </li>
        )}
      </ul>
      {item.rapporteur && <p className="fr-text--sm fr-mb-1w">{m.rapporteur(item.rapporteur)}</p>}
    </>
  );
}
