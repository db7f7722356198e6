import { Badge } from '@codegouvfr/react-dsfr/Badge';
import type { MeetingStatus } from '../graphql/generated/graphql.ts';
import { messages } from '../i18n/messages.ts';

const severity = { DRAFT: 'new', CONVENED: 'info', HELD: 'success', CLOSED: 'success', CANCELLED: 'error' } as const;

export function MeetingStatusBadge({ status }: { status: MeetingStatus }) {
  return (
    <Badge severity={severity[status]} small noIcon>
      {messages.meetingStatus[status]}
    </Badge>
  );
}

/** A meeting's status, and whether it was convened under urgency. */
export function MeetingBadges({ status, urgent }: { status: MeetingStatus; urgent: boolean }) {
  return (
    <ul className="fr-badges-group">
      <li>
        <MeetingStatusBadge status={status} />
      </li>
      {urgent && (
        <li>
          <Badge severity="warning" small>
            {messages.meeting.urgent}
          </Badge>
        </li>
      )}
    </ul>
  );
}
