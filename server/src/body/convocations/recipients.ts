import type { EntityManager } from '@mikro-orm/postgresql';
import { PushSubscription } from '../../platform/alerts/push-subscription.entity.js';
import { Person } from '../../platform/people/person.entity.js';
import { AssemblyMember, inOffice } from '../assemblies/assembly-member.entity.js';
import { PaperConvocationRequest, type DeliveryChannel, type RecipientChannel } from './convocation.entity.js';

/** How an official is reached today. */
export interface Reach {
  mode: RecipientChannel;
  postalAddress: string | null;
  /** Each channel with the address it goes to. */
  channels: { channel: DeliveryChannel; address: string }[];
}

export interface PlannedRecipient extends Reach {
  personId: string;
  displayName: string;
  email: string;
  votingRight: boolean;
}

/**
 * How each person is reached today, with today's addresses: paper only for those who asked for it
 * (L2121-10); otherwise email, plus SMS and push when the official opted in. People without an account
 * left are absent from the map.
 */
export async function reachOf(platformEm: EntityManager, em: EntityManager, personIds: readonly string[]): Promise<Map<string, { person: Person; reach: Reach }>> {
  if (personIds.length === 0) return new Map();
  const ids = [...personIds];
  const [people, paper, subscriptions] = await Promise.all([
    platformEm.find(Person, { id: { $in: ids } }),
    em.find(PaperConvocationRequest, { personId: { $in: ids } }),
    platformEm.find(PushSubscription, { personId: { $in: ids } }),
  ]);
  const paperById = new Map(paper.map((request) => [request.personId, request]));
  return new Map(
    people.map((person) => {
      const paperRequest = paperById.get(person.id);
      const devices = subscriptions.filter((subscription) => subscription.personId === person.id).length;
      const channels: Reach['channels'] = paperRequest
        ? [{ channel: 'LETTER', address: paperRequest.postalAddress }]
        : [
            { channel: 'EMAIL', address: person.email },
            ...(person.smsAlerts && person.mobilePhone ? [{ channel: 'SMS' as const, address: person.mobilePhone }] : []),
            ...(devices > 0 ? [{ channel: 'PUSH' as const, address: `${devices} appareil(s)` }] : []),
          ];
      const reach: Reach = { mode: paperRequest ? 'PAPER' : 'ELECTRONIC', postalAddress: paperRequest?.postalAddress ?? null, channels };
      return [person.id, { person, reach }];
    }),
  );
}

/** Who is convened, and how: every member of the assembly in office on the meeting's date, reached as `reachOf` says. */
export async function plannedRecipients(platformEm: EntityManager, em: EntityManager, assemblyId: string, meetingDate: string): Promise<PlannedRecipient[]> {
  const seats = (await em.find(AssemblyMember, { assembly: assemblyId })).filter((seat) => inOffice(seat, meetingDate));
  const reached = await reachOf(platformEm, em, seats.map((seat) => seat.personId));
  return seats
    .flatMap((seat) => {
      const found = reached.get(seat.personId);
      if (!found) return [];
      const { person, reach } = found;
      return [{ personId: person.id, displayName: person.displayName, email: person.email, votingRight: seat.votingRight, ...reach }];
    })
    .sort((left, right) => left.displayName.localeCompare(right.displayName, 'fr'));
}
