import type { EntityManager } from '@mikro-orm/postgresql';
import { PushSubscription } from '../../platform/alerts/push-subscription.entity.js';
import { Person } from '../../platform/people/person.entity.js';
import { AssemblyMember, inOffice } from '../assemblies/assembly-member.entity.js';
import { PaperConvocationRequest, type DeliveryChannel } from './convocation.entity.js';

export interface PlannedRecipient {
  personId: string;
  displayName: string;
  email: string;
  votingRight: boolean;
  mode: 'ELECTRONIC' | 'PAPER';
  postalAddress: string | null;
  /** Each channel with the address it goes to. */
  channels: { channel: DeliveryChannel; address: string }[];
}

/** The order of `localeCompare(…, 'fr')`, without building a collator per comparison. */
const byFrenchName = new Intl.Collator('fr');

/**
 * Who is convened, and how: every member of the assembly in office on the meeting's date. Paper only
 * for those who asked for it (L2121-10); otherwise email, plus SMS and push when the official opted in.
 */
export async function plannedRecipients(platformEm: EntityManager, em: EntityManager, assemblyId: string, meetingDate: string): Promise<PlannedRecipient[]> {
  const seats = (await em.find(AssemblyMember, { assembly: assemblyId })).filter((seat) => inOffice(seat, meetingDate));
  const personIds = seats.map((seat) => seat.personId);
  const [people, paper, subscriptions] = await Promise.all([
    platformEm.find(Person, { id: { $in: personIds } }),
    em.find(PaperConvocationRequest, { personId: { $in: personIds } }),
    platformEm.find(PushSubscription, { personId: { $in: personIds } }),
  ]);
  const personById = new Map(people.map((person) => [person.id, person]));
  const paperById = new Map(paper.map((request) => [request.personId, request]));
  const devicesById = new Map<string, number>();
  for (const subscription of subscriptions) devicesById.set(subscription.personId, (devicesById.get(subscription.personId) ?? 0) + 1);
  return seats
    .flatMap((seat) => {
      const person = personById.get(seat.personId);
      if (!person) return [];
      const paperRequest = paperById.get(person.id);
      const devices = devicesById.get(person.id) ?? 0;
      const channels: PlannedRecipient['channels'] = paperRequest
        ? [{ channel: 'LETTER', address: paperRequest.postalAddress }]
        : [
            { channel: 'EMAIL', address: person.email },
            ...(person.smsAlerts && person.mobilePhone ? [{ channel: 'SMS' as const, address: person.mobilePhone }] : []),
            ...(devices > 0 ? [{ channel: 'PUSH' as const, address: `${devices} appareil(s)` }] : []),
          ];
      return [
        {
          personId: person.id,
          displayName: person.displayName,
          email: person.email,
          votingRight: seat.votingRight,
          mode: paperRequest ? ('PAPER' as const) : ('ELECTRONIC' as const),
          postalAddress: paperRequest?.postalAddress ?? null,
          channels,
        },
      ];
    })
    .sort((left, right) => byFrenchName.compare(left.displayName, right.displayName));
}
