import type { EntityManager } from '@mikro-orm/postgresql';
import { quoteSchema } from '../../../tenancy/schema-name.js';
import { seatsInOfficeQuery } from '../../assemblies/members-in-office.js';
import { reachableChannels, type ChannelOff } from '../../../notify/channels/registry.js';
import type { DeliveryChannel, RecipientChannel } from '../convocation.entity.js';

/** How an official is reached today. */
export interface Reach {
  mode: RecipientChannel;
  postalAddress: string | null;
  /** Each channel with the address it goes to. */
  channels: { channel: DeliveryChannel; address: string }[];
}

export interface ReachedPerson extends Reach {
  personId: string;
  displayName: string;
  email: string;
}

export interface PlannedRecipient extends ReachedPerson {
  votingRight: boolean;
}

/** The order of `localeCompare(…, 'fr')`, without building a collator per comparison. */
const byFrenchName = new Intl.Collator('fr');

interface ReachRow {
  person_id: string;
  display_name: string;
  email: string;
  mobile_phone: string | null;
  sms_alerts: boolean;
  postal_address: string | null;
  devices: number;
}

/**
 * What `reachFrom` needs, for a query on `platform.person person`: joined to the body's `paper` request
 * and to the `contact` details its secretariat set (each replaces the account's address for this body).
 */
function reachColumns(schema: string): { columns: string; bodyJoins: string } {
  return {
    columns: `person.id as person_id, person.display_name, coalesce(contact.email, person.email) as email,
             coalesce(contact.mobile_phone, person.mobile_phone) as mobile_phone, person.sms_alerts, paper.postal_address,
             (select count(*)::int from platform.push_subscription device where device.person_id = person.id) as devices`,
    bodyJoins: `left join ${schema}.paper_convocation_request paper on paper.person_id = person.id
       left join ${schema}.member_contact contact on contact.person_id = person.id`,
  };
}

/**
 * Paper only for those who asked for it (L2121-10), through the paper channels; otherwise every electronic
 * channel that reaches them (email; SMS to the body's number for them, else their account's, when they
 * opted in; push to their devices) — never a channel the server has off.
 */
function reachFrom(row: ReachRow, off: readonly ChannelOff[]): ReachedPerson {
  const mode = row.postal_address !== null ? 'PAPER' : 'ELECTRONIC';
  const contact = {
    email: row.email,
    mobilePhone: row.mobile_phone,
    smsAlerts: row.sms_alerts,
    pushDevices: row.devices,
    postalAddress: row.postal_address,
  };
  return {
    personId: row.person_id,
    displayName: row.display_name,
    email: row.email,
    mode,
    postalAddress: row.postal_address,
    channels: reachableChannels(contact, mode, off),
  };
}

/**
 * How each person is reached today, with today's addresses, in one statement on the body's
 * EntityManager (the persons of the platform schema joined by the stored id: no ORM relation crosses
 * schemas). People without an account left are absent from the map.
 */
export async function reachOf(
  em: EntityManager,
  personIds: readonly string[],
  channelsOff: readonly ChannelOff[],
): Promise<Map<string, ReachedPerson>> {
  if (personIds.length === 0) return new Map();
  const { columns, bodyJoins } = reachColumns(quoteSchema(em.schema!));
  const rows = await em.execute<ReachRow[]>(
    `select ${columns} from platform.person person ${bodyJoins} where person.id in (select json_array_elements_text(?::json)::uuid)`,
    [JSON.stringify(personIds)],
  );
  return new Map(rows.map((row) => [row.person_id, reachFrom(row, channelsOff)]));
}

/**
 * Who is convened, and how: every member of the assembly in office on the meeting's date
 * (`seatsInOfficeQuery`), reached as `reachOf` says, with the voting right of their seat. One statement
 * (inside the send's transaction): the seats in office joined to the persons, their paper request, the
 * contact details the body set and their number of push devices.
 */
export async function plannedRecipients(
  em: EntityManager,
  bodyId: string,
  assemblyId: string,
  meetingDate: string,
  channelsOff: readonly ChannelOff[],
): Promise<PlannedRecipient[]> {
  const schema = quoteSchema(em.schema!);
  const { columns, bodyJoins } = reachColumns(schema);
  const seats = seatsInOfficeQuery(em.schema!, bodyId, assemblyId, meetingDate);
  const rows = await em.execute<(ReachRow & { voting_right: boolean })[]>(
    `with seat as (${seats.sql})
     select seat.voting_right, ${columns} from seat join platform.person person on person.id = seat.person_id ${bodyJoins}`,
    seats.params,
  );
  return rows
    .map((row) => ({ ...reachFrom(row, channelsOff), votingRight: row.voting_right }))
    .sort((left, right) => byFrenchName.compare(left.displayName, right.displayName));
}
