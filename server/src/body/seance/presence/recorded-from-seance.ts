import type { EntityManager } from '@mikro-orm/postgresql';
import { uuidv7 } from '../../../common/ids.js';
import { AttendanceRecord, type AttendanceStatus } from '../../attendance/attendance-record.entity.js';
import { currentRecords } from '../../attendance/recorded-attendance.service.js';
import type { Room } from '../seance-room.js';

/**
 * The « Présences » of a meeting derived from its séance, written when the séance closes (or is closed
 * at the opening for lack of quorum) so that the
 * attendance sheet, the statistics and the acts read one truth: present (first arrival, last departure)
 * for anyone who was in the room; represented by the last holder for a member never in the room whose
 * pouvoir was in force; absent otherwise. Records entered before are superseded (kept as history).
 * The séance's own movements stay the detailed record (several stays, pouvoirs handed on departure).
 */
export async function fillRecordedAttendance(tx: EntityManager, room: Omit<Room, 'seance'>, recordedBy: string, at: Date): Promise<void> {
  const previous = await currentRecords(tx, room.meeting.id);
  for (const record of previous) record.supersededAt = at;
  await tx.flush();
  const holders = new Set<string>();
  for (const member of room.members.values()) {
    const stays = room.presences.filter((stay) => stay.personId === member.personId);
    const proxy = room.proxies.filter((candidate) => candidate.giverId === member.personId).at(-1);
    let status: AttendanceStatus = 'ABSENT';
    let arrivedAt: Date | null = null;
    let leftAt: Date | null = null;
    let proxyHolderId: string | null = null;
    if (stays.length > 0) {
      status = 'PRESENT';
      arrivedAt = stays[0]!.arrivedAt;
      const last = stays.at(-1)!.leftAt;
      leftAt = last && last.getTime() > arrivedAt.getTime() ? last : null;
    } else if (proxy && !holders.has(proxy.holderId)) {
      // One representation per holder in the « Présences » (its unique index): a holder who carried two
      // pouvoirs one after the other keeps the first there; the séance keeps both.
      status = 'REPRESENTED';
      proxyHolderId = proxy.holderId;
      holders.add(proxy.holderId);
    }
    tx.create(AttendanceRecord, {
      id: uuidv7(),
      meetingId: room.meeting.id,
      personId: member.personId,
      status,
      proxyHolderId,
      arrivedAt,
      leftAt,
      recordedBy,
      recordedAt: at,
    });
  }
  await tx.flush();
}
