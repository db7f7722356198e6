import { Badge } from '@codegouvfr/react-dsfr/Badge';
import type { ConvocationStatus } from '../inbox/convocation-status.ts';
import { messages } from '../i18n/messages.ts';

const severity = { NEW: 'new', READ: 'info', ANSWERED: 'success', PROXY_GIVEN: 'success' } as const;

export function ConvocationStatusBadge({ status }: { status: ConvocationStatus }) {
  return (
    <Badge severity={severity[status]} small>
      {messages.convocationStatus[status]}
    </Badge>
  );
}
