// Sends a draft meeting's convocation as the secretariat did it `days` days before the meeting (through
// the real send path, with its clock set back), so that a meeting held today is convened within the legal
// delay — as the demo's séance of the day is (server/src/demo/load-demo-seances.ts). Answers then come
// in the past too: every voting member in office answers « présent » an hour later.
//
//   node web/e2e/convene-in-the-past.mjs <body slug> <meeting id> <days>   (with the server's settings and DATABASE_URL)
import 'reflect-metadata';
import { answerConvocation } from '../../server/dist/body/attendance/attendance.service.js';
import { seatsInOffice } from '../../server/dist/body/assemblies/members-in-office.js';
import { convocationSettings } from '../../server/dist/body/convocations/convocation-settings.js';
import { sendConvocation } from '../../server/dist/body/convocations/send/send-convocation.js';
import { Meeting } from '../../server/dist/body/meetings/meeting.entity.js';
import { createLogger } from '../../server/dist/common/logger.js';
import { zonedDate } from '../../server/dist/common/time.js';
import { loadConfig } from '../../server/dist/config/env.js';
import { initOrm } from '../../server/dist/db/orm.js';
import { fixedClock } from '../../server/dist/legal/clock.js';
import { entities } from '../../server/dist/modules.js';
import { Body } from '../../server/dist/platform/bodies/body.entity.js';
import { Membership } from '../../server/dist/platform/people/membership.entity.js';
import { bodySchemaName } from '../../server/dist/tenancy/schema-name.js';
import { onBehalfOf, systemContext } from '../../server/dist/tenancy/system-scope.js';

const [slug, meetingId, days] = process.argv.slice(2);
const config = loadConfig();
const logger = createLogger('warn');
const orm = await initOrm({ databaseUrl: process.env.DATABASE_URL, entities, poolMax: 2, logger });
try {
  const body = await orm.em.fork().findOneOrFail(Body, { slug });
  const bodyEm = () => orm.em.fork({ schema: bodySchemaName(body.id) });
  const meeting = await bodyEm().findOneOrFail(Meeting, { id: meetingId }, { populate: ['assembly'] });
  const desk = await orm.em.fork().findOneOrFail(Membership, { body: body.id, roles: { $overlap: ['SECRETARIAT'] } });
  const sentAt = new Date(meeting.startsAt.getTime() - Number(days) * 86_400_000);
  // The body context of the server's own code (as the demo loader builds it), on a clock set back.
  const environment = { services: { convocations: convocationSettings(config) }, clock: fixedClock(sentAt), logger };
  const system = systemContext(environment, { body, em: bodyEm(), platformEm: orm.em.fork() }, 'e2e');
  await sendConvocation(onBehalfOf(system, desk.person.id, desk.roles), { meetingId });
  const seats = [...(await seatsInOffice(bodyEm(), body.id, meeting.assembly.id, zonedDate(meeting.startsAt, body.timeZone))).values()].filter((seat) => seat.votingRight);
  for (const seat of seats) {
    const answering = system.withEm(bodyEm()).withClock(fixedClock(new Date(sentAt.getTime() + 3_600_000)));
    await answerConvocation(onBehalfOf(answering, seat.personId, ['OFFICIAL']), { meetingId, personId: seat.personId, response: 'PRESENT' });
  }
  console.log(JSON.stringify({ sentAt, answers: seats.length }));
} finally {
  await orm.close();
}
