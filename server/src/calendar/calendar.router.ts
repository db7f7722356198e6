import type { MikroORM } from '@mikro-orm/postgresql';
import { Router } from 'express';
import type { SignedLinks } from '../http/signed-links.js';
import { calendarFeed, calendarPath, personOfCalendarToken } from './calendar-feed.js';

export { calendarPath };

/**
 * `GET /calendar/<token>.ics`: the personal feed, without login (calendar applications subscribe to it
 * as `webcal://…`); the token is the only credential, so an unknown or revoked one is a plain 404.
 */
export function createCalendarRouter(deps: {
  orm: MikroORM;
  links: SignedLinks;
  publicUrl: string;
  latestBodyMigration: Promise<string | null>;
}): Router {
  const router = Router();
  router.get('/:file', async (request, response) => {
    const token = /^(.+)\.ics$/.exec(request.params.file)?.[1] ?? '';
    const person = await personOfCalendarToken(deps.orm.em.fork(), token);
    if (!person) {
      response.status(404).type('text/plain; charset=utf-8').send('Agenda introuvable : ce lien a été révoqué ou n’existe pas.');
      return;
    }
    const feed = await calendarFeed(deps.orm, await deps.latestBodyMigration, person, deps.publicUrl);
    response
      .set({
        'Content-Type': 'text/calendar; charset=utf-8',
        'Content-Disposition': 'inline; filename="seances.ics"',
        'Cache-Control': 'private, no-cache',
        'Referrer-Policy': 'no-referrer',
        'X-Robots-Tag': 'noindex',
      })
      .send(feed);
  });
  return router;
}
