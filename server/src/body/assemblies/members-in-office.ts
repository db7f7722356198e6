import type { EntityManager } from '@mikro-orm/postgresql';
import { zonedDate } from '../../common/time.js';
import type { Body } from '../../platform/bodies/body.entity.js';
import { quoteSchema } from '../../tenancy/schema-name.js';
import type { AssemblyRole } from './assembly-member.entity.js';

export interface SeatInOffice {
  personId: string;
  role: AssemblyRole;
  votingRight: boolean;
  /** For a suppléant's seat: the titulaire's person id (CGCT L5211-6). */
  suppleantFor: string | null;
}

/**
 * The members of an assembly in office on a date (YYYY-MM-DD, the body's local calendar): the one
 * definition the convocation, the follow-up, the quorum and the proxy checks use. A seat is in office on
 * D when its own mandate covers D **and** the person's membership of the body covers D; both end dates
 * are the last day in office. A seat whose membership is gone counts only within its own dates, which
 * `removeMember` closed the day before the removal; an open-ended seat without a membership (left before
 * removals closed seats) is never in office. As SQL selecting `person_id, role, voting_right`, with its
 * parameters, for callers that join more to it in the same statement. A suppléant's seat carries its
 * titulaire's person id (`suppleant_for`).
 */
export function seatsInOfficeQuery(schema: string, bodyId: string, assemblyId: string, date: string): { sql: string; params: unknown[] } {
  return {
    sql: `select seat.person_id, seat.role, seat.voting_right, titulaire.person_id as suppleant_for
       from ${quoteSchema(schema)}.assembly_member seat
       left join ${quoteSchema(schema)}.assembly_member titulaire on titulaire.id = seat.titulaire_seat_id
       left join platform.membership membership on membership.person_id = seat.person_id and membership.body_id = ?
      where seat.assembly_id = ?
        and (seat.mandate_start is null or seat.mandate_start <= ?::date)
        and (seat.mandate_end is null or seat.mandate_end >= ?::date)
        and case when membership.id is null then seat.mandate_end is not null
                 else (membership.mandate_start is null or membership.mandate_start <= ?::date)
                  and (membership.mandate_end is null or membership.mandate_end >= ?::date) end`,
    params: [bodyId, assemblyId, date, date, date, date],
  };
}

/** `seatsInOfficeQuery` run on the body's EntityManager, by person id. */
export async function seatsInOffice(
  em: EntityManager,
  bodyId: string,
  assemblyId: string,
  date: string,
): Promise<Map<string, SeatInOffice>> {
  const { sql, params } = seatsInOfficeQuery(em.schema!, bodyId, assemblyId, date);
  const rows = await em.execute<{ person_id: string; role: AssemblyRole; voting_right: boolean; suppleant_for: string | null }[]>(
    sql,
    params,
  );
  return new Map(
    rows.map((row) => [
      row.person_id,
      { personId: row.person_id, role: row.role, votingRight: row.voting_right, suppleantFor: row.suppleant_for },
    ]),
  );
}

/** The members in office on a meeting's day, in the body's time zone. */
export function seatsInOfficeAt(
  { em, body }: { em: EntityManager; body: Pick<Body, 'id' | 'timeZone'> },
  meeting: { assembly: { id: string }; startsAt: Date },
): Promise<Map<string, SeatInOffice>> {
  return seatsInOffice(em, body.id, meeting.assembly.id, zonedDate(meeting.startsAt, body.timeZone));
}
