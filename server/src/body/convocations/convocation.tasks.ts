import { z } from 'zod';
import { CartableError } from '../../common/errors.js';
import { defineTask, type TaskDefinition } from '../../jobs/job-runner.js';
import type { ModuleServices } from '../../module/feature-module.js';
import { enterBodyAsSystem } from '../../tenancy/system-scope.js';
import { deliver } from './delivery/delivery.js';
import { generateLetter } from './delivery/letters.js';
import { sendReminders } from './delivery/reminders.js';
import { convocationTaskNames } from './task-names.js';

const deliveryPayload = z.object({ bodyId: z.uuid(), deliveryId: z.uuid() });
const meetingPayload = z.object({ bodyId: z.uuid(), meetingId: z.uuid() });

/** The jobs a convocation enqueues (see send/record-send.ts), each in the body's context with the system acting. */
export function convocationTasks(services: ModuleServices): TaskDefinition[] {
  const enter = (bodyId: string, task: string) => enterBodyAsSystem(services.orm, services.environment, bodyId, task);
  return [
    defineTask({
      name: convocationTaskNames.deliver,
      payload: deliveryPayload,
      async run({ bodyId, deliveryId }, { attempt, maxAttempts }) {
        const ctx = await enter(bodyId, convocationTaskNames.deliver);
        if (!ctx) return;
        await deliver(ctx, { deliveryId, attempt: { number: attempt, max: maxAttempts } });
      },
    }),
    defineTask({
      name: convocationTaskNames.letter,
      payload: deliveryPayload,
      async run({ bodyId, deliveryId }) {
        const ctx = await enter(bodyId, convocationTaskNames.letter);
        if (!ctx) return;
        await generateLetter(ctx, deliveryId);
      },
    }),
    defineTask({
      name: convocationTaskNames.remind,
      payload: meetingPayload,
      async run({ bodyId, meetingId }, { logger }) {
        const ctx = await enter(bodyId, convocationTaskNames.remind);
        if (!ctx) return;
        const reminded = await sendReminders(ctx, meetingId).catch((error: unknown) => {
          // A meeting cancelled or already started needs no reminder: end the job.
          if (error instanceof CartableError) return 0;
          throw error;
        });
        logger.info({ meetingId, reminded }, 'convocation reminders sent');
      },
    }),
  ];
}
