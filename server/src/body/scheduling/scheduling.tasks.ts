import { z } from 'zod';
import { defineTask, type TaskDefinition } from '../../jobs/job-runner.js';
import type { ModuleServices } from '../../module/feature-module.js';
import { enterBodyAsSystem } from '../../tenancy/system-scope.js';
import { runScheduledSend, scheduledSendTask } from './scheduled-sends.js';

/** The job of a scheduled convocation (scheduled-sends.ts), in the body's context with the system acting. */
export function schedulingTasks(services: ModuleServices): TaskDefinition[] {
  return [
    defineTask({
      name: scheduledSendTask,
      payload: z.object({ bodyId: z.uuid(), scheduledSendId: z.uuid() }),
      async run({ bodyId, scheduledSendId }, { logger }) {
        const ctx = await enterBodyAsSystem(services.orm, services.environment, bodyId, scheduledSendTask);
        if (!ctx) return;
        await runScheduledSend(ctx, scheduledSendId);
        logger.info({ scheduledSendId }, 'scheduled convocation run');
      },
    }),
  ];
}
