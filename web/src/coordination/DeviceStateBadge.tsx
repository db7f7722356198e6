import { Badge } from '@codegouvfr/react-dsfr/Badge';
import type { DeviceState } from '../graphql/generated/coordination/graphql.ts';
import { messages } from './messages.ts';

const severity = { IN_STOCK: 'info', ALLOCATED: 'success', IN_REPAIR: 'warning', LOST: 'error' } as const;

export function DeviceStateBadge({ state }: { state: DeviceState }) {
  return (
    <Badge small noIcon severity={severity[state]}>
      {messages.coordination.deviceState[state]}
    </Badge>
  );
}
