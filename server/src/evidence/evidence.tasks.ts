import { z } from 'zod';
import { defineTask, type TaskDefinition } from '../jobs/job-runner.js';
import type { ModuleServices } from '../module/feature-module.js';
import { enterBodyAsSystem } from '../tenancy/system-scope.js';
import { anchorMeetingEvents } from './anchoring.js';
import { anchorEventsTask } from './meeting-events.js';

/** RFC 3161 anchoring of the batches of later events. A TSA outage retries. */
export function evidenceTasks(services: ModuleServices): TaskDefinition[] {
  return [
    defineTask({
      name: anchorEventsTask,
      payload: z.object({ bodyId: z.uuid(), meetingId: z.uuid() }),
      async run({ bodyId, meetingId }) {
        const ctx = await enterBodyAsSystem(services.orm, services.environment, bodyId, anchorEventsTask);
        if (!ctx) return;
        // Batches are capped; drain until every entry of the meeting is anchored.
        while (await anchorMeetingEvents(ctx.withEm(ctx.em.fork()), meetingId));
      },
    }),
  ];
}
