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
import { sendConvocation } from '../../server/dist/body/convocations/send-convocation.js';
import { Meeting } from '../../server/dist/body/meetings/meeting.entity.js';
import { createLogger } from '../../server/dist/common/logger.js';
import { zonedDate } from '../../server/dist/common/time.js';
import { loadConfig } from '../../server/dist/config/env.js';
import { initOrm } from '../../server/dist/db/orm.js';
import { entities } from '../../server/dist/modules.js';
import { Body } from '../../server/dist/platform/bodies/body.entity.js';
import { Membership } from '../../server/dist/platform/people/membership.entity.js';
import { bodySchemaName } from '../../server/dist/tenancy/schema-name.js';

const [slug, meetingId, days] = process.argv.slice(2);
const config = loadConfig();
const orm = await initOrm({ databaseUrl: process.env.DATABASE_URL, entities, poolMax: 2, logger: createLogger('warn') });
try {
  const body = await orm.em.fork().findOneOrFail(Body, { slug });
  const bodyEm = () => orm.em.fork({ schema: bodySchemaName(body.id) });
  const meeting = await bodyEm().findOneOrFail(Meeting, { id: meetingId }, { populate: ['assembly'] });
  const desk = await orm.em.fork().findOneOrFail(Membership, { body: body.id, roles: { $overlap: ['SECRETARIAT'] } });
  const sentAt = new Date(meeting.startsAt.getTime() - Number(days) * 86_400_000);
  const settings = convocationSettings(config);
  await sendConvocation({ platformEm: orm.em.fork(), reminderLeadHours: settings.reminderLeadHours, channelsOff: settings.channelsOff, now: () => sentAt }, body, bodyEm(), desk.person.id, { meetingId });
  const seats = [...(await seatsInOffice(bodyEm(), body.id, meeting.assembly.id, zonedDate(meeting.startsAt, body.timeZone))).values()].filter((seat) => seat.votingRight);
  for (const seat of seats) {
    await answerConvocation(settings, body, bodyEm(), seat.personId, { meetingId, personId: seat.personId, response: 'PRESENT' }, new Date(sentAt.getTime() + 3_600_000));
  }
  console.log(JSON.stringify({ sentAt, answers: seats.length }));
} finally {
  await orm.close();
}
