import type { EntityManager } from '@mikro-orm/postgresql';
import { quoteSchema } from '../../tenancy/schema-name.js';
import { inOffice } from '../assemblies/assembly-member.entity.js';
import type { DeliveryChannel } from './convocation.entity.js';

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

interface SeatRow {
  person_id: string;
  voting_right: boolean;
  mandate_start: string | null;
  mandate_end: string | null;
  display_name: string;
  email: string;
  mobile_phone: string | null;
  sms_alerts: boolean;
  postal_address: string | null;
  devices: number;
}

/**
 * Who is convened, and how: every member of the assembly in office on the meeting's date. Paper only
 * for those who asked for it (L2121-10); otherwise email, plus SMS and push when the official opted in.
 * One statement on the body's EntityManager (inside the send's transaction): the seats joined to the
 * persons of the platform schema (by the stored id; no ORM relation crosses schemas), their paper request
 * and their number of push devices — not one query per kind of row, and no entity to hydrate.
 */
export async function plannedRecipients(em: EntityManager, assemblyId: string, meetingDate: string): Promise<PlannedRecipient[]> {
  const schema = quoteSchema(em.schema!);
  const seats = await em.execute<SeatRow[]>(
    `select seat.person_id, seat.voting_right, seat.mandate_start::text as mandate_start, seat.mandate_end::text as mandate_end,
            person.display_name, person.email, person.mobile_phone, person.sms_alerts, paper.postal_address,
            (select count(*)::int from platform.push_subscription device where device.person_id = person.id) as devices
       from ${schema}.assembly_member seat
       join platform.person person on person.id = seat.person_id
       left join ${schema}.paper_convocation_request paper on paper.person_id = seat.person_id
      where seat.assembly_id = ?
      order by seat.id`,
    [assemblyId],
  );
  return seats
    .filter((seat) => inOffice({ mandateStart: seat.mandate_start, mandateEnd: seat.mandate_end }, meetingDate))
    .map((seat) => {
      const channels: PlannedRecipient['channels'] =
        seat.postal_address !== null
          ? [{ channel: 'LETTER', address: seat.postal_address }]
          : [
              { channel: 'EMAIL', address: seat.email },
              ...(seat.sms_alerts && seat.mobile_phone ? [{ channel: 'SMS' as const, address: seat.mobile_phone }] : []),
              ...(seat.devices > 0 ? [{ channel: 'PUSH' as const, address: `${seat.devices} appareil(s)` }] : []),
            ];
      return {
        personId: seat.person_id,
        displayName: seat.display_name,
        email: seat.email,
        votingRight: seat.voting_right,
        mode: seat.postal_address !== null ? ('PAPER' as const) : ('ELECTRONIC' as const),
        postalAddress: seat.postal_address,
        channels,
      };
    })
    .sort((left, right) => byFrenchName.compare(left.displayName, right.displayName));
}
