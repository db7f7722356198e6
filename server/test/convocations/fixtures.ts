import { addDays, zonedDate, zonedDateTime } from '../../src/common/time.js';
import { storeGeneratedDocument } from '../../src/body/documents/document.service.js';
import type { DocumentKind } from '../../src/body/documents/document.entity.js';
import { createSamplePdf } from '../../src/media/sample-pdf.js';
import { Body } from '../../src/platform/bodies/body.entity.js';
import { emailIs, Person } from '../../src/platform/people/person.entity.js';
import { bodySchemaName } from '../../src/tenancy/schema-name.js';
import type { TestHarness } from '../helpers/harness.js';
import { personContextIn } from '../helpers/body-context.js';

/** Direct database access for assertions (never used to act: actions go through GraphQL). */
export function databaseOf(harness: TestHarness) {
  return {
    platform: () => harness.runtime.orm.em.fork(),
    body: async (slug: string) => {
      const body = await harness.runtime.orm.em.fork().findOneOrFail(Body, { slug });
      return { body, em: harness.runtime.orm.em.fork({ schema: bodySchemaName(body.id) }), schema: bodySchemaName(body.id) };
    },
    personId: async (login: string) => (await harness.runtime.orm.em.fork().findOneOrFail(Person, emailIs(`${login}@demo.cartable.fr`))).id,
  };
}

/** A meeting `inDays` from today at 18:00 in the body's time zone, with an agenda of `items` deliberations. */
export async function createMeeting(
  harness: Pick<TestHarness, 'graphql'>,
  token: string,
  slug: string,
  options: { inDays: number; items?: number; assemblyKind?: string; title?: string; at?: string },
) {
  const body = await harness.graphql<{ body: { id: string; timeZone: string; assemblies: { id: string; kind: string }[] } }>(
    'query ($slug: String!) { body(slug: $slug) { id timeZone assemblies { id kind } } }',
    { slug },
    token,
  );
  const { id: bodyId, timeZone, assemblies } = body.data!.body;
  // By default the council itself (CONSEIL_MUNICIPAL, CONSEIL_COMMUNAUTAIRE...).
  const assemblyId = assemblies.find((assembly) =>
    options.assemblyKind ? assembly.kind === options.assemblyKind : assembly.kind.startsWith('CONSEIL_'),
  )!.id;
  const startsAt = zonedDateTime(addDays(zonedDate(new Date(), timeZone), options.inDays), options.at ?? '18:00', timeZone);
  const created = await harness.graphql<{ createMeeting: { id: string } }>(
    'mutation ($bodyId: UUID!, $input: MeetingInput!) { createMeeting(bodyId: $bodyId, input: $input) { id } }',
    {
      bodyId,
      input: {
        assemblyId,
        title: options.title ?? `Séance à J+${options.inDays}`,
        startsAt: startsAt.toISOString(),
        place: 'Salle du conseil',
      },
    },
    token,
  );
  if (created.errors) throw new Error(JSON.stringify(created.errors));
  const meetingId = created.data!.createMeeting.id;
  const itemIds: string[] = [];
  for (let index = 1; index <= (options.items ?? 2); index += 1) {
    const item = await harness.graphql<{ addAgendaItem: { agenda: { id: string }[] } }>(
      'mutation ($bodyId: UUID!, $meetingId: UUID!, $input: AgendaItemInput!) { addAgendaItem(bodyId: $bodyId, meetingId: $meetingId, input: $input) { agenda { id } } }',
      { bodyId, meetingId, input: { title: `Délibération n° ${index}`, kind: 'DELIBERATION' } },
      token,
    );
    if (item.errors) throw new Error(JSON.stringify(item.errors));
    itemIds.push(item.data!.addAgendaItem.agenda.at(-1)!.id);
  }
  return { bodyId, meetingId, itemIds, startsAt };
}

/** Stores a generated PDF through the real verification path. */
export async function attachDocument(
  harness: TestHarness,
  slug: string,
  uploader: string,
  meetingId: string,
  options: { kind: DocumentKind; title: string; agendaItemId?: string | null; pages?: number; documentId?: string },
) {
  const db = databaseOf(harness);
  const { body, em } = await db.body(slug);
  const bytes = await createSamplePdf({ title: options.title, pages: options.pages ?? 1, bodyName: body.name });
  return storeGeneratedDocument(personContextIn(harness, body, await db.personId(uploader), ['SECRETARIAT'], em), {
    meetingId,
    agendaItemId: options.agendaItemId ?? null,
    documentId: options.documentId ?? null,
    kind: options.kind,
    title: options.title,
    fileName: 'document.pdf',
    bytes,
  });
}

export const sendMutation = `mutation ($bodyId: UUID!, $input: SendConvocationInput!) {
  sendConvocation(bodyId: $bodyId, input: $input) { id sequence kind onTime urgent clearDays article recipientCount documentCount manifestSha256 latestSendAt }
}`;

/** A meeting `inDays` ahead with one deliberation and a note explicative de synthèse, convened now by `token` (`uploader` stores the note). */
export async function convenedMeeting(
  harness: TestHarness,
  token: string,
  slug: string,
  uploader: string,
  options: { inDays: number; assemblyKind?: string },
) {
  const meeting = await createMeeting(harness, token, slug, { items: 1, ...options });
  await attachDocument(harness, slug, uploader, meeting.meetingId, { kind: 'NOTE_SYNTHESE', title: 'Note explicative de synthèse' });
  const sent = await harness.graphql(sendMutation, { bodyId: meeting.bodyId, input: { meetingId: meeting.meetingId } }, token);
  if (sent.errors) throw new Error(JSON.stringify(sent.errors));
  return meeting;
}
