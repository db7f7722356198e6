import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { agendaItemKinds } from '../body/agenda/agenda-item.entity.js';
import { addAgendaItem } from '../body/agenda/agenda.service.js';
import { AssemblyMember, assemblyRoles } from '../body/assemblies/assembly-member.entity.js';
import { Assembly, assemblyKinds } from '../body/assemblies/assembly.entity.js';
import { answerConvocation } from '../body/attendance/attendance.service.js';
import { recordReceipt } from '../body/convocations/receipts/receipts.service.js';
import { sendConvocation } from '../body/convocations/send/send-convocation.js';
import { documentKinds, libraryCategories } from '../body/documents/document.entity.js';
import { storeGeneratedDocument } from '../body/documents/document.service.js';
import { storeGeneratedLibraryDocument } from '../body/library/library.service.js';
import { createSamplePdf } from '../media/sample-pdf.js';
import { Meeting } from '../body/meetings/meeting.entity.js';
import { uuidv7 } from '../common/ids.js';
import { addDays, zonedDate, zonedDateTime } from '../common/time.js';
import { Body } from '../platform/bodies/body.entity.js';
import { Membership, membershipRoles } from '../platform/people/membership.entity.js';
import { emailIs, Person, platformRoles } from '../platform/people/person.entity.js';
import { bodyDeclarationSchema, provisionBody } from '../tenancy/body-provisioning.js';
import type { Migration } from '../tenancy/schema-migrator.js';
import { bodySchemaName } from '../tenancy/schema-name.js';
import type { BodyEnvironment, PersonContext, SystemContext } from '../tenancy/body-context.js';
import { onBehalfOf, systemContext } from '../tenancy/system-scope.js';
import { systemClock } from '../legal/clock.js';

export const demoDirectory = fileURLToPath(new URL('../../../tenants/demo/', import.meta.url));

const demoDocumentSchema = z.object({ kind: z.enum(documentKinds), title: z.string(), pages: z.number().int().min(1).max(50) });
const demoItemSchema = z.object({
  title: z.string(),
  kind: z.enum(agendaItemKinds),
  rapporteur: z.string().optional(),
  icpe: z.boolean().optional(),
  documents: z.array(demoDocumentSchema).default([]),
});
type DemoItem = z.infer<typeof demoItemSchema> & { children?: DemoItem[] };
const demoBodySchema = bodyDeclarationSchema.extend({
  assemblies: z.array(z.object({ kind: z.enum(assemblyKinds), name: z.string() })),
  meetings: z.array(
    z.object({
      assembly: z.string(),
      title: z.string(),
      inDays: z.number().int(),
      localTime: z.string().regex(/^\d{2}:\d{2}$/),
      place: z.string(),
      agenda: z.array(demoItemSchema.extend({ children: z.array(demoItemSchema).default([]) })).default([]),
      documents: z.array(demoDocumentSchema).default([]),
      /** Convened at load (needs the documents), with some officials' receipts and answers. */
      convene: z
        .object({
          replies: z.array(
            z.object({
              email: z.email(),
              opened: z.boolean(),
              acknowledged: z.boolean(),
              answer: z.union([z.object({ response: z.enum(['PRESENT', 'ABSENT']) }), z.object({ proxyTo: z.email() })]).optional(),
            }),
          ),
        })
        .optional(),
    }),
  ),
  /** The body's library (documents outside meetings). */
  library: z
    .array(z.object({ category: z.enum(libraryCategories), title: z.string(), pages: z.number().int().min(1).max(50) }))
    .default([]),
});
type DemoBody = z.infer<typeof demoBodySchema>;

const demoPeopleSchema = z.array(
  z.object({
    email: z.email(),
    displayName: z.string(),
    platformRoles: z.array(z.enum(platformRoles)),
    memberships: z.array(
      z.object({
        body: z.string(),
        roles: z.array(z.enum(membershipRoles)).min(1),
        mandateStart: z.iso.date().optional(),
        /** Seats in the body's assemblies (voting members unless said otherwise). */
        assemblies: z
          .array(z.object({ name: z.string(), role: z.enum(assemblyRoles).default('MEMBRE'), votingRight: z.boolean().default(true) }))
          .default([]),
      }),
    ),
  }),
);

export interface DemoReport {
  bodies: string[];
  people: number;
  documents: number;
}

export interface DemoOptions {
  /**
   * Generate the meetings' PDF documents and store them through the real verification path, convene
   * the meetings marked `convene` and record the demo replies, with the services of these contexts.
   */
  environment?: BodyEnvironment;
}

/**
 * The demo's context in a body: the system acting with the runtime's services, on the system's clock
 * whatever clock the runtime's legal checks use, since the demo is laid out around today's real date.
 */
export function demoContext(environment: BodyEnvironment, em: EntityManager, body: Body): SystemContext {
  return systemContext(
    { ...environment, clock: systemClock },
    { body, em: em.fork({ schema: bodySchemaName(body.id) }), platformEm: em.fork() },
    'demo',
  );
}

/**
 * Provisions the groupement of the source documents from `tenants/demo/`: idempotent, so every
 * `npm start` can run it. Meetings are placed relative to today, so the demo always has upcoming ones.
 */
export async function loadDemoData(
  em: EntityManager,
  bodyMigrations: readonly Migration[],
  options: DemoOptions = {},
): Promise<DemoReport> {
  const files = (await readdir(path.join(demoDirectory, 'bodies'))).filter((file) => file.endsWith('.json')).sort();
  const unseeded: { body: Body; declaration: DemoBody }[] = [];
  const slugs: string[] = [];
  for (const file of files) {
    const declaration = demoBodySchema.parse(JSON.parse(await readFile(path.join(demoDirectory, 'bodies', file), 'utf8')));
    const { body } = await provisionBody(em, declaration, bodyMigrations);
    // Seeded when empty rather than when just created, so that an interrupted first start heals.
    if ((await em.fork({ schema: bodySchemaName(body.id) }).count(Meeting, {})) === 0) unseeded.push({ body, declaration });
    slugs.push(body.slug);
  }
  const people = demoPeopleSchema.parse(JSON.parse(await readFile(path.join(demoDirectory, 'people.json'), 'utf8')));
  await em.fork().transactional(async (tx) => {
    for (const entry of people) {
      const person =
        (await tx.findOne(Person, emailIs(entry.email))) ??
        tx.create(Person, {
          id: uuidv7(),
          email: entry.email,
          emailVerified: true,
          displayName: entry.displayName,
          subject: null,
          platformRoles: entry.platformRoles,
        });
      for (const seat of entry.memberships) {
        const body = await tx.findOneOrFail(Body, { slug: seat.body });
        const existing = await tx.findOne(Membership, { person: person.id, body: body.id });
        if (!existing) {
          tx.create(Membership, {
            id: uuidv7(),
            person,
            body,
            roles: seat.roles,
            mandateStart: seat.mandateStart ?? null,
            mandateEnd: null,
          });
        }
      }
    }
  });
  let documents = 0;
  for (const { body, declaration } of unseeded) {
    const secretariat = await em.fork().findOne(Membership, { body: body.id, roles: { $overlap: ['SECRETARIAT', 'BODY_ADMIN'] } });
    const system = options.environment && secretariat ? demoContext(options.environment, em, body) : null;
    documents += await seedBodyContent(
      em,
      body,
      declaration,
      system && secretariat ? onBehalfOf(system, secretariat.person.id, secretariat.roles) : null,
    );
    await seatMembers(em, body, people);
    if (system && secretariat) await conveneDemoMeetings(em, body, declaration, system, secretariat.person.id);
  }
  return { bodies: slugs, people: people.length, documents };
}

async function seatMembers(em: EntityManager, body: Body, people: z.infer<typeof demoPeopleSchema>) {
  const bodyEm = em.fork({ schema: bodySchemaName(body.id) });
  const personIds = new Map((await em.fork().find(Person, {})).map((person) => [person.email, person.id]));
  for (const entry of people) {
    for (const membership of entry.memberships.filter((item) => item.body === body.slug)) {
      for (const seat of membership.assemblies) {
        const assembly = await bodyEm.findOneOrFail(Assembly, { name: seat.name });
        bodyEm.create(AssemblyMember, {
          id: uuidv7(),
          assembly,
          personId: personIds.get(entry.email)!,
          role: seat.role,
          votingRight: seat.votingRight,
          mandateStart: membership.mandateStart ?? null,
          mandateEnd: null,
        });
      }
    }
  }
  await bodyEm.flush();
}

/** Sends the demo convocations through the real path, then plays the officials' receipts and answers. */
async function conveneDemoMeetings(em: EntityManager, body: Body, declaration: DemoBody, system: SystemContext, senderId: string) {
  const bodyEm = em.fork({ schema: bodySchemaName(body.id) });
  const personId = async (email: string) => (await em.fork().findOneOrFail(Person, emailIs(email))).id;
  for (const entry of declaration.meetings) {
    if (!entry.convene) continue;
    const meeting = await bodyEm.findOneOrFail(Meeting, { title: entry.title, status: 'DRAFT' });
    // The demo acts as the sender, then as each official.
    const actingAs = (actor: string, role: 'SECRETARIAT' | 'OFFICIAL') => onBehalfOf(system.withEm(bodyEm.fork()), actor, [role]);
    await sendConvocation(actingAs(senderId, 'SECRETARIAT'), { meetingId: meeting.id });
    for (const reply of entry.convene.replies) {
      const official = await personId(reply.email);
      if (reply.opened) await recordReceipt(actingAs(official, 'OFFICIAL'), { meetingId: meeting.id, acknowledge: reply.acknowledged });
      if (reply.answer) {
        const answer =
          'proxyTo' in reply.answer
            ? { response: 'PROXY' as const, proxyHolderId: await personId(reply.answer.proxyTo) }
            : { response: reply.answer.response };
        await answerConvocation(actingAs(official, 'OFFICIAL'), { meetingId: meeting.id, personId: official, ...answer });
      }
    }
  }
}

/** « Règlement intérieur » → `reglement-interieur.pdf`. */
const pdfFileName = (title: string) =>
  `${title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()}.pdf`;

/** The body's assemblies, meetings and agendas; with an uploader, the documents and the library too (their count). */
async function seedBodyContent(em: EntityManager, body: Body, declaration: DemoBody, uploader: PersonContext | null): Promise<number> {
  const bodyEm = em.fork({ schema: bodySchemaName(body.id) });
  const assemblies = new Map(declaration.assemblies.map((entry) => [entry.name, bodyEm.create(Assembly, { id: uuidv7(), ...entry })]));
  const today = zonedDate(new Date(), body.timeZone);
  const meetings = declaration.meetings.map((entry) => ({
    entry,
    meeting: bodyEm.create(Meeting, {
      id: uuidv7(),
      assembly: assemblies.get(entry.assembly)!,
      title: entry.title,
      startsAt: zonedDateTime(addDays(today, entry.inDays), entry.localTime, body.timeZone),
      place: entry.place,
      status: 'DRAFT',
    }),
  }));
  await bodyEm.flush();

  const documents: { meetingId: string; agendaItemId: string | null; document: z.infer<typeof demoDocumentSchema> }[] = [];
  const addItem = async (meetingId: string, item: DemoItem, parentId: string | null) => {
    const created = await addAgendaItem({ em: bodyEm.fork() }, meetingId, { ...item, rapporteur: item.rapporteur ?? null }, { parentId });
    documents.push(...item.documents.map((document) => ({ meetingId, agendaItemId: created.id, document })));
    for (const child of item.children ?? []) await addItem(meetingId, child, created.id);
  };
  for (const { entry, meeting } of meetings) {
    documents.push(...entry.documents.map((document) => ({ meetingId: meeting.id, agendaItemId: null, document })));
    for (const item of entry.agenda) await addItem(meeting.id, item, null);
  }
  if (!uploader) return 0;
  for (const { meetingId, agendaItemId, document } of documents) {
    const bytes = await createSamplePdf({ title: document.title, pages: document.pages, bodyName: body.name });
    await storeGeneratedDocument(uploader.withEm(bodyEm.fork()), {
      meetingId,
      agendaItemId,
      kind: document.kind,
      title: document.title,
      fileName: pdfFileName(document.title),
      bytes,
    });
  }
  for (const entry of declaration.library) {
    const bytes = await createSamplePdf({ title: entry.title, pages: entry.pages, bodyName: body.name });
    await storeGeneratedLibraryDocument(uploader.withEm(bodyEm.fork()), {
      category: entry.category,
      title: entry.title,
      fileName: pdfFileName(entry.title),
      bytes,
    });
  }
  return documents.length + declaration.library.length;
}
