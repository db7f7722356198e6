import type { MikroORM } from '@mikro-orm/postgresql';
import { Router, type Request, type Response } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CartableError, ErrorCode } from '../../../common/errors.js';
import { isUuid } from '../../../common/ids.js';
import type { Viewer } from '../../../auth/viewer.js';
import { InvalidTokenError } from '../../../auth/token-verifier.js';
import { UnknownAccountError } from '../../../auth/viewer-resolver.js';
import type { BodyEnvironment } from '../../../tenancy/body-context.js';
import { BodyScope } from '../../../tenancy/body-scope.js';
import { seatsInOfficeAt } from '../../assemblies/members-in-office.js';
import { findMeeting } from '../../meetings/meeting.service.js';
import { LiveCursor, type LiveEvent, type SeanceLiveHub } from './live-hub.js';

export const seanceLivePath = '/live/seance';

export interface LiveRouterDependencies {
  orm: MikroORM;
  hub: SeanceLiveHub;
  resolveViewer: (authorization: string | undefined, em: EntityManager) => Promise<Viewer>;
  latestBodyMigration: string | null;
  /** What the caller's body context is built from. */
  environment: BodyEnvironment;
  /** Seconds between keep-alive comments (proxies close idle streams). */
  heartbeatSeconds?: number;
}

function refuse(response: Response, status: number, code: string, message: string): void {
  response.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/** Where the tablet resumes: the Last-Event-ID header (EventSource sets it on reconnect), or `?lastEventId=` (the séance query's `lastEventId`). */
function resumeFrom(request: Request): LiveCursor | null {
  const value = request.get('last-event-id') ?? (typeof request.query.lastEventId === 'string' ? request.query.lastEventId : undefined);
  return value === undefined ? null : LiveCursor.parse(value);
}

/**
 * The live channel of a séance, as server-sent events: `GET /live/seance?bodyId=…&meetingId=…` with the
 * same bearer token as GraphQL, authorized exactly like the `Meeting.seance` query (a member of the body;
 * anyone else gets the same 404 as for a body they cannot see). The SSE id is the follower's position (a
 * snapshot, see `LiveCursor`); a tablet that reconnects with it as Last-Event-ID gets every event it
 * missed, in commit order. The président and the secretariat
 * also get the live count (`SEANCE_VOTE_COUNT`, `SEANCE_BALLOT_CAST`).
 */
export function createSeanceLiveRouter(deps: LiveRouterDependencies): Router {
  const router = Router();
  router.get('/seance', async (request, response) => {
    const bodyId = typeof request.query.bodyId === 'string' ? request.query.bodyId : '';
    const meetingId = typeof request.query.meetingId === 'string' ? request.query.meetingId : '';
    const platformEm = deps.orm.em.fork();
    let viewer: Viewer;
    try {
      viewer = await deps.resolveViewer(request.headers.authorization, platformEm);
    } catch (error) {
      if (error instanceof InvalidTokenError)
        return refuse(response, 401, ErrorCode.Unauthenticated, 'Jeton d’accès invalide ou expiré. Reconnectez-vous.');
      if (error instanceof UnknownAccountError)
        return refuse(response, 403, ErrorCode.Forbidden, 'Ce compte n’est rattaché à aucun organisme de Cartable.');
      throw error;
    }
    let manager: boolean;
    let schema: string;
    try {
      const scope = new BodyScope(platformEm, viewer, deps.latestBodyMigration, { type: 'query' }, deps.environment);
      if (!isUuid(bodyId)) throw new CartableError(ErrorCode.NotFound, 'Organisme introuvable.');
      const ctx = await scope.contextById(bodyId, 'read');
      if (!isUuid(meetingId)) throw new CartableError(ErrorCode.NotFound, 'Séance introuvable.');
      const seats = await seatsInOfficeAt(ctx, await findMeeting(ctx.em, meetingId));
      manager = ctx.actor.can('prepare') || seats.get(ctx.actor.personId)?.role === 'PRESIDENT';
      schema = ctx.em.schema!;
    } catch (error) {
      if (error instanceof CartableError) {
        const status = error.code === ErrorCode.Unauthenticated ? 401 : error.code === ErrorCode.NotFound ? 404 : 403;
        return refuse(response, status, error.code, error.message);
      }
      throw error;
    }

    const cursor = resumeFrom(request) ?? (await deps.hub.now());
    response.status(200).set({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    response.flushHeaders();
    response.write('retry: 2000\n\n');
    // The position goes on the last event of each batch only: a tablet cut off in the middle of a batch
    // resumes before it and gets it again (events carry their own `id` to recognise a repeat).
    const send = (events: readonly LiveEvent[], after: LiveCursor) => {
      events.forEach((event, index) => {
        const position = index === events.length - 1 ? `id: ${after.text}\n` : '';
        response.write(
          `${position}event: ${event.kind}\ndata: ${JSON.stringify({ id: event.id, kind: event.kind, payload: event.payload, loggedAt: event.createdAt })}\n\n`,
        );
      });
    };
    const unsubscribe = deps.hub.subscribe(schema, meetingId, { cursor, manager, send });
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), (deps.heartbeatSeconds ?? 25) * 1_000);
    heartbeat.unref();
    request.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });
  return router;
}
