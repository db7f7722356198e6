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
