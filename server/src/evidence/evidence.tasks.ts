import { z } from 'zod';
import { defineTask, type TaskDefinition } from '../jobs/job-runner.js';
import type { WorkerServices } from '../jobs/worker-services.js';
import { enterBodyAsSystem } from '../tenancy/system-scope.js';
import { convocationTaskNames } from '../body/convocations/task-names.js';
import { anchorManifest, anchorMeetingEvents } from './anchoring.js';
import { anchorEventsTask } from './meeting-events.js';

/** RFC 3161 anchoring of send manifests and of the batches of later events. A TSA outage retries. */
export function evidenceTasks(services: WorkerServices): TaskDefinition[] {
  return [
    defineTask({
      name: convocationTaskNames.anchorManifest,
      payload: z.object({ bodyId: z.uuid(), convocationId: z.uuid() }),
      async run({ bodyId, convocationId }) {
        const ctx = await enterBodyAsSystem(services.orm, services.environment, bodyId, convocationTaskNames.anchorManifest);
        if (ctx) await anchorManifest(ctx, convocationId);
      },
    }),
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
