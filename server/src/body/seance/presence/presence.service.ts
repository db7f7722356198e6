import type { EntityManager } from '@mikro-orm/postgresql';
import { CartableError, ErrorCode } from '../../../common/errors.js';
import { uuidv7 } from '../../../common/ids.js';
import { recordedProxyRefusal } from '../../../legal/proxy-rules.js';
import { currentAnswers, pouvoirRefusal } from '../../attendance/attendance.service.js';
import { meetingRulesInForce } from '../../meetings/meeting-rules.js';
import { actionTime, insertProxy, publish, requireManager, type SeanceContext } from '../seance.service.js';
import { inRoom, loadRoom, nameOf, proxiesInForce, requireMember, roomQuorum, table, type ProxyRow, type Room } from '../seance-room.js';

export interface MovementInput {
  meetingId: string;
  personId: string;
  at?: Date | null;
}

export interface DepartureInput extends MovementInput {
  /** A member present to whom the leaving member hands a pouvoir (the pouvoir rules apply). */
  proxyHolderId?: string | null;
  /** Illness duly certified: the pouvoir is outside the limit of consecutive séances (L2121-20). */
  illnessDeclared?: boolean | null;
}

/** Arrivals and departures are recorded while the séance sits (open or suspended). */
function requireSitting(room: Room): void {
  if (room.seance.status === 'OPEN' || room.seance.status === 'SUSPENDED') return;
  throw new CartableError(
    ErrorCode.PreconditionFailed,
    room.seance.status === 'CLOSED' ? 'La séance est close.' : 'La séance a été close faute de quorum.',
    {
      reason: `SEANCE_${room.seance.status}`,
    },
  );
}

/** A movement's time: not before the séance opened nor before the person's last movement. */
function movementTime(ctx: SeanceContext, room: Room, personId: string, at: Date | null | undefined): Date {
  const own = room.presences
    .filter((stay) => stay.personId === personId)
    .flatMap((stay) => [stay.arrivedAt.getTime(), stay.leftAt?.getTime() ?? 0]);
  return actionTime(ctx, at, new Date(Math.max(room.seance.openedAt.getTime(), ...own)));
}

/** Keeps `quorum_lost_at` in step with the room: set when the presence falls below the quorum, cleared when it is back. */
async function followQuorum(tx: EntityManager, room: Room, at: Date): Promise<{ reached: boolean | null; lost: boolean }> {
  const quorum = roomQuorum(room);
  const lost = quorum.reached === false;
  if (lost && !room.seance.quorumLostAt)
    await tx.execute(`update ${table(tx, 'seance')} set quorum_lost_at = ?, updated_at = now() where meeting_id = ?`, [
      at,
      room.meeting.id,
    ]);
  if (!lost && room.seance.quorumLostAt)
    await tx.execute(`update ${table(tx, 'seance')} set quorum_lost_at = null, updated_at = now() where meeting_id = ?`, [room.meeting.id]);
  return { reached: quorum.reached, lost };
}

async function endProxies(tx: EntityManager, proxies: readonly ProxyRow[], at: Date): Promise<void> {
  for (const proxy of proxies) {
    proxy.validUntil = at;
    await tx.execute(`update ${table(tx, 'seance_proxy')} set valid_until = ?, updated_at = now() where id = ?`, [at, proxy.id]);
  }
}

/**
 * A member arrives: from then on they vote themself, so a pouvoir they had given ends; a pouvoir
 * announced to them by a colleague who is absent comes into force (one per holder). The quorum is
 * followed: a quorum lost by departures is restored by arrivals.
 */
export async function recordArrival(ctx: SeanceContext, input: MovementInput): Promise<void> {
  const { body, em, actor } = ctx;
  await em.transactional(async (tx) => {
    const room = await loadRoom(tx, body, input.meetingId, 'update');
    requireManager(room, actor);
    requireSitting(room);
    const member = requireMember(room, input.personId);
    if (inRoom(room, member.personId))
      throw new CartableError(ErrorCode.Conflict, `${member.displayName} est déjà présent(e).`, { reason: 'ALREADY_PRESENT' });
    const at = movementTime(ctx, room, member.personId, input.at);
    const stay = { id: uuidv7(), personId: member.personId, arrivedAt: at, leftAt: null };
    await tx.execute(
      `insert into ${table(tx, 'seance_presence')} (id, meeting_id, person_id, arrived_at, recorded_by) values (?, ?, ?, ?, ?)`,
      [stay.id, room.meeting.id, member.personId, at, actor.personId],
    );
    room.presences.push(stay);
    const given = proxiesInForce(room).filter((proxy) => proxy.giverId === member.personId);
    await endProxies(tx, given, at);

    const represented = new Set(proxiesInForce(room).map((proxy) => proxy.giverId));
    const held = proxiesInForce(room).filter((proxy) => proxy.holderId === member.personId).length;
    const announced = (await currentAnswers(tx, room.meeting.id))
      .filter((answer) => answer.response === 'PROXY' && answer.proxyHolderId === member.personId && room.members.has(answer.personId))
      .filter((answer) => !inRoom(room, answer.personId) && !represented.has(answer.personId))
      .slice(0, Math.max(0, room.rules.proxy.perHolder - held));
    const activated: ProxyRow[] = announced.map((answer) => ({
      id: uuidv7(),
      giverId: answer.personId,
      holderId: member.personId,
      origin: 'ANNOUNCED',
      validFrom: at,
      validUntil: null,
    }));
    for (const proxy of activated) {
      await insertProxy(tx, room.meeting.id, proxy, actor.personId);
      room.proxies.push(proxy);
    }
    const quorum = await followQuorum(tx, room, at);
    await publish(tx, ctx, room, [
      {
        kind: 'SEANCE_ARRIVAL',
        payload: {
          personId: member.personId,
          name: member.displayName,
          at: at.toISOString(),
          proxiesEnded: given.map((proxy) => ({ giverId: proxy.giverId, holderId: proxy.holderId })),
          proxiesInForce: activated.map((proxy) => ({ giverId: proxy.giverId, holderId: proxy.holderId })),
          quorumReached: quorum.reached,
          recordedBy: actor.personId,
        },
      },
    ]);
  });
}

/**
 * A member leaves: the pouvoir they held ends with their departure; they may hand their own vote to a
 * member present, under the pouvoir rules of the body (`recordedProxyRefusal`: a voting member in the
 * room, holding no more than the legal number). A departure that takes the room below the quorum marks
 * it lost: no ballot is accepted until an arrival restores it.
 */
export async function recordDeparture(ctx: SeanceContext, input: DepartureInput): Promise<void> {
  const { body, em, actor } = ctx;
  await em.transactional(async (tx) => {
    const room = await loadRoom(tx, body, input.meetingId, 'update');
    requireManager(room, actor);
    requireSitting(room);
    const member = requireMember(room, input.personId);
    const stay = room.presences.find((candidate) => candidate.personId === member.personId && candidate.leftAt === null);
    if (!stay)
      throw new CartableError(ErrorCode.PreconditionFailed, `${member.displayName} n’est pas présent(e).`, { reason: 'NOT_PRESENT' });
    const at = movementTime(ctx, room, member.personId, input.at);
    stay.leftAt = at;
    await tx.execute(`update ${table(tx, 'seance_presence')} set left_at = ?, updated_at = now() where id = ?`, [at, stay.id]);
    const held = proxiesInForce(room).filter((proxy) => proxy.holderId === member.personId);
    await endProxies(tx, held, at);

    let handed: ProxyRow | null = null;
    if (input.proxyHolderId) {
      // The rules in force on the day (the règlement intérieur's included), as for a pouvoir given before the séance.
      const rules = (await meetingRulesInForce({ em: tx, body }, room.meeting)).proxy;
      const holder = room.members.get(input.proxyHolderId);
      const refusal =
        recordedProxyRefusal({
          rules,
          giver: { personId: member.personId, name: member.displayName, votingRight: member.votingRight },
          holderId: input.proxyHolderId,
          holder: holder
            ? { name: holder.displayName, votingRight: holder.votingRight, status: inRoom(room, holder.personId) ? 'PRESENT' : 'ABSENT' }
            : null,
          otherGiversOfHolder: proxiesInForce(room)
            .filter((proxy) => proxy.holderId === input.proxyHolderId)
            .map((proxy) => nameOf(room, proxy.giverId)),
        }) ??
        // In the room and holding no other pouvoir: what remains is the réunion's délégation and the series of consecutive séances.
        (await pouvoirRefusal(tx, room.meeting, rules, room.members, {
          giver: { personId: member.personId, votingRight: member.votingRight },
          holderId: input.proxyHolderId,
          holder: {
            personId: input.proxyHolderId,
            name: holder!.displayName,
            votingRight: holder!.votingRight,
            currentResponse: 'PRESENT',
          },
          holderAlreadyHolds: false,
          illnessDeclared: input.illnessDeclared ?? false,
        }));
      if (refusal)
        throw new CartableError(ErrorCode.RuleViolation, refusal.message, {
          rule: refusal.rule,
          article: refusal.article,
          personId: member.personId,
        });
      handed = { id: uuidv7(), giverId: member.personId, holderId: input.proxyHolderId, origin: 'HANDED', validFrom: at, validUntil: null };
      await insertProxy(tx, room.meeting.id, handed, actor.personId);
      room.proxies.push(handed);
    }
    const quorum = await followQuorum(tx, room, at);
    await publish(tx, ctx, room, [
      {
        kind: 'SEANCE_DEPARTURE',
        payload: {
          personId: member.personId,
          name: member.displayName,
          at: at.toISOString(),
          proxiesEnded: held.map((proxy) => ({ giverId: proxy.giverId, holderId: proxy.holderId })),
          quorumReached: quorum.reached,
          recordedBy: actor.personId,
        },
      },
      ...(handed
        ? [
            {
              kind: 'SEANCE_PROXY_HANDED',
              payload: {
                giverId: handed.giverId,
                holderId: handed.holderId,
                at: at.toISOString(),
                article: room.rules.proxy.article,
                illnessDeclared: input.illnessDeclared ?? false,
                recordedBy: actor.personId,
              },
            },
          ]
        : []),
    ]);
  });
}
