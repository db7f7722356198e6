import { z } from 'zod';
import { CartableError } from '../../common/errors.js';
import { defineTask, type TaskDefinition } from '../../jobs/job-runner.js';
import type { WorkerServices } from '../../jobs/worker-services.js';
import { enterBodyWithoutViewer } from '../../tenancy/system-scope.js';
import { deliver } from './delivery/delivery.js';
import { generateLetter } from './delivery/letters.js';
import { sendReminders } from './delivery/reminders.js';
import { convocationTaskNames } from './task-names.js';

const deliveryPayload = z.object({ bodyId: z.uuid(), deliveryId: z.uuid() });
const meetingPayload = z.object({ bodyId: z.uuid(), meetingId: z.uuid() });

/** The jobs a convocation enqueues (see send-convocation.ts). */
export function convocationTasks(services: WorkerServices): TaskDefinition[] {
  return [
    defineTask({
      name: convocationTaskNames.deliver,
      payload: deliveryPayload,
      async run({ bodyId, deliveryId }, { attempt, maxAttempts }) {
        const scope = await enterBodyWithoutViewer(services.orm, bodyId);
        if (!scope) return;
        await deliver(
          { channels: services.channels, settings: services.settings, publicUrl: services.publicUrl },
          scope.body,
          scope.em,
          deliveryId,
          { number: attempt, max: maxAttempts },
        );
      },
    }),
    defineTask({
      name: convocationTaskNames.letter,
      payload: deliveryPayload,
      async run({ bodyId, deliveryId }) {
        const scope = await enterBodyWithoutViewer(services.orm, bodyId);
        if (!scope) return;
        await generateLetter(services.settings, services.storage, services.publicUrl, scope.body, scope.em, deliveryId);
      },
    }),
    defineTask({
      name: convocationTaskNames.remind,
      payload: meetingPayload,
      async run({ bodyId, meetingId }, { logger }) {
        const scope = await enterBodyWithoutViewer(services.orm, bodyId);
        if (!scope) return;
        const reminded = await sendReminders(scope.em, scope.body, meetingId).catch((error: unknown) => {
          // A meeting cancelled or already started needs no reminder: end the job.
          if (error instanceof CartableError) return 0;
          throw error;
        });
        logger.info({ meetingId, reminded }, 'convocation reminders sent');
      },
    }),
  ];
}
