import { z } from 'zod';
import { defineTask, type TaskDefinition } from '../../jobs/job-runner.js';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { ConvocationSettings } from '../convocations/convocation-settings.js';
import { enterBodyWithoutViewer } from '../../tenancy/system-scope.js';
import { runScheduledSend, scheduledSendTask } from './scheduled-sends.js';

/** The job of a scheduled convocation (scheduled-sends.ts). */
export function schedulingTasks(services: { orm: MikroORM; settings: ConvocationSettings }): TaskDefinition[] {
  return [
    defineTask({
      name: scheduledSendTask,
      payload: z.object({ bodyId: z.uuid(), scheduledSendId: z.uuid() }),
      async run({ bodyId, scheduledSendId }, { logger }) {
        const scope = await enterBodyWithoutViewer(services.orm, bodyId);
        if (!scope) return;
        await runScheduledSend(services.settings, scope.platformEm, scope.body, scope.em, scheduledSendId);
        logger.info({ scheduledSendId }, 'scheduled convocation run');
      },
    }),
  ];
}
