// @ts-check
// A meeting prepared and convened weeks before it is held, through the server's own services with their
// clock set back (as the demo convenes its séance of the day, server/src/demo/load-demo-seances.ts), so
// that an end-to-end test can hold a séance at any hour of any day: the meeting may start in the past (it
// is opened from its day on), its convocation left within the legal delay.
//
//   node web/e2e/meeting-in-the-past.mjs plan <body slug> <assembly id> <starts at, ISO> <days> <title>
//     creates the draft meeting as the secretariat did `days` days before it; prints {"id": …}
//   node web/e2e/meeting-in-the-past.mjs convene <body slug> <meeting id> <days>
//     sends its convocation `days` days before it (the real send path); every voting member in office
//     answers « présent » an hour later
//
// Run with the server's settings and DATABASE_URL (RunningServer.script).
import 'reflect-metadata';
import { answerConvocation } from '../../server/dist/body/attendance/attendance.service.js';
import { seatsInOffice } from '../../server/dist/body/assemblies/members-in-office.js';
import { convocationSettings } from '../../server/dist/body/convocations/convocation-settings.js';
import { sendConvocation } from '../../server/dist/body/convocations/send/send-convocation.js';
import { Meeting } from '../../server/dist/body/meetings/meeting.entity.js';
import { createMeeting } from '../../server/dist/body/meetings/meeting.service.js';
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

const [command, slug, ...args] = process.argv.slice(2);
const databaseUrl = process.env.DATABASE_URL;
if (!slug || !databaseUrl) throw new Error('usage: DATABASE_URL=… node web/e2e/meeting-in-the-past.mjs plan|convene <body slug> …');
const day = 86_400_000;
const config = loadConfig();
const logger = createLogger('warn');
const orm = await initOrm({ databaseUrl, entities, poolMax: 2, logger });
try {
  const body = await orm.em.fork().findOneOrFail(Body, { slug });
  const bodyEm = () => orm.em.fork({ schema: bodySchemaName(body.id) });
  const desk = await orm.em.fork().findOneOrFail(Membership, { body: body.id, roles: { $overlap: ['SECRETARIAT'] } });
  /**
   * The body context of the server's own code (as the demo loader builds it), its clock at `at`. Of the
   * services, only the convocation settings: creating, sending and answering read no other.
   * @param {Date} at
   */
  const system = (at) => {
    const environment = /** @type {import('../../server/dist/tenancy/body-context.js').BodyEnvironment} */ ({
      services: { convocations: convocationSettings(config) },
      clock: fixedClock(at),
      logger,
    });
    return systemContext(environment, { body, em: bodyEm(), platformEm: orm.em.fork() }, 'e2e');
  };
  /** @param {Date} at */
  const secretariat = (at) => onBehalfOf(system(at), desk.person.id, desk.roles);

  if (command === 'plan') {
    const [assemblyId, startsAtIso, days, title] = args;
    const startsAt = new Date(startsAtIso);
    const meeting = await createMeeting(secretariat(new Date(startsAt.getTime() - Number(days) * day)), {
      assemblyId,
      title,
      startsAt,
      place: 'Hôtel de Ville',
      urgent: false,
    });
    console.log(JSON.stringify({ id: meeting.id }));
  } else if (command === 'convene') {
    const [meetingId, days] = args;
    const meeting = await bodyEm().findOneOrFail(Meeting, { id: meetingId }, { populate: ['assembly'] });
    const sentAt = new Date(meeting.startsAt.getTime() - Number(days) * day);
    await sendConvocation(secretariat(sentAt), { meetingId });
    const seats = [
      ...(await seatsInOffice(bodyEm(), body.id, meeting.assembly.id, zonedDate(meeting.startsAt, body.timeZone))).values(),
    ].filter((seat) => seat.votingRight);
    for (const seat of seats) {
      const answering = system(new Date(sentAt.getTime() + 3_600_000));
      await answerConvocation(onBehalfOf(answering, seat.personId, ['OFFICIAL']), {
        meetingId,
        personId: seat.personId,
        response: 'PRESENT',
      });
    }
    console.log(JSON.stringify({ sentAt, answers: seats.length }));
  } else {
    throw new Error(`unknown command ${command}: plan or convene`);
  }
} finally {
  await orm.close();
}
