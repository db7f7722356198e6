import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Convocation, ConvocationRecipient, Delivery } from '../../src/body/convocations/convocation.entity.js';
import { Meeting } from '../../src/body/meetings/meeting.entity.js';
import { LedgerEntry } from '../../src/evidence/ledger-entry.entity.js';
import { verifyLedger } from '../../src/evidence/ledger.js';
import { traceStatements } from '../../src/db/statement-trace.js';
import { uuidv7 } from '../../src/common/ids.js';
import { Assembly } from '../../src/body/assemblies/assembly.entity.js';
import { AssemblyMember } from '../../src/body/assemblies/assembly-member.entity.js';
import { addAgendaItem } from '../../src/body/agenda/agenda.service.js';
import { sendConvocation } from '../../src/body/convocations/send/send-convocation.js';
import { createMeeting as createMeetingRow } from '../../src/body/meetings/meeting.service.js';
import { PushSubscription } from '../../src/platform/alerts/push-subscription.entity.js';
import { Person } from '../../src/platform/people/person.entity.js';
import { Membership } from '../../src/platform/people/membership.entity.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { attachDocument, createMeeting, databaseOf, sendMutation } from './fixtures.js';
import { systemContextIn } from '../helpers/body-context.js';

// Workers off: this file checks what the send transaction itself writes, jobs included.
let harness: TestHarness;
let token: string;
beforeAll(async () => {
  harness = await startHarness({ environment: { JOBS_CONCURRENCY: '0' } });
  token = await harness.token('secretariat.ville');
});
afterAll(() => harness?.close());

type Sent = {
  sendConvocation: {
    id: string;
    onTime: boolean;
    urgent: boolean;
    clearDays: number;
    article: string;
    recipientCount: number;
    documentCount: number;
    manifestSha256: string;
  };
};

const jobsOf = async (meetingOrConvocationIds: string[]) => {
  const rows = await databaseOf(harness)
    .platform()
    .getConnection()
    .execute<{ task_identifier: string; payload: Record<string, string>; key: string | null }[]>(
      `select t.identifier as task_identifier, j.payload, j.key from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id`,
    );
  return rows.filter((row) =>
    meetingOrConvocationIds.some((id) => JSON.stringify(row.payload).includes(id) || (row.key ?? '').includes(id)),
  );
};

describe('the preconditions of a send', () => {
  it('refuses an empty agenda', async () => {
    const { bodyId, meetingId } = await createMeeting(harness, token, 'ville-besancon', { inDays: 30, items: 0 });
    const result = await harness.graphql(sendMutation, { bodyId, input: { meetingId } }, token);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'AGENDA_EMPTY' });
    expect(result.errors?.[0]?.message).toContain('ordre du jour est vide');
  });

  it('refuses a commune of 3,500+ inhabitants without the note explicative de synthèse, naming the items', async () => {
    const { bodyId, meetingId, itemIds } = await createMeeting(harness, token, 'ville-besancon', { inDays: 30, items: 2 });
    const refused = await harness.graphql(sendMutation, { bodyId, input: { meetingId } }, token);
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'SYNTHESIS_NOTE_MISSING',
      items: ['1', '2'],
    });

    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, {
      kind: 'NOTE_SYNTHESE',
      title: 'Note — point 1',
      agendaItemId: itemIds[0],
    });
    const stillMissing = await harness.graphql(sendMutation, { bodyId, input: { meetingId } }, token);
    expect(stillMissing.errors?.[0]?.extensions).toMatchObject({ reason: 'SYNTHESIS_NOTE_MISSING', items: ['2'] });

    // A note for the whole meeting covers every item.
    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, {
      kind: 'NOTE_SYNTHESE',
      title: 'Note explicative de synthèse',
    });
    const sent = await harness.graphql<Sent>(sendMutation, { bodyId, input: { meetingId } }, token);
    expect(sent.errors).toBeUndefined();
    expect(sent.data!.sendConvocation).toMatchObject({ onTime: true, clearDays: 5, article: 'CGCT L2121-12', documentCount: 2 });
  });

  it('refuses a late send, asks a justification for urgency, and accepts a justified urgency', async () => {
    const { bodyId, meetingId } = await createMeeting(harness, token, 'ville-besancon', { inDays: 3, items: 1 });
    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, {
      kind: 'NOTE_SYNTHESE',
      title: 'Note explicative de synthèse',
    });
    const late = await harness.graphql(sendMutation, { bodyId, input: { meetingId } }, token);
    expect(late.errors?.[0]?.extensions).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'DEADLINE_PASSED', clearDays: 5 });
    expect(late.errors?.[0]?.message).toContain('Déclarez l’urgence');

    const unjustified = await harness.graphql(
      sendMutation,
      { bodyId, input: { meetingId, urgent: true, urgencyJustification: '  ' } },
      token,
    );
    expect(unjustified.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'urgencyJustification' });

    const urgent = await harness.graphql<Sent>(
      sendMutation,
      { bodyId, input: { meetingId, urgent: true, urgencyJustification: 'Sinistre : travaux de mise en sécurité à voter sans délai.' } },
      token,
    );
    expect(urgent.errors).toBeUndefined();
    expect(urgent.data!.sendConvocation).toMatchObject({ onTime: true, urgent: true, clearDays: 1 });
  });

  it('refuses even an urgent send when not one jour franc is left', async () => {
    const { bodyId, meetingId } = await createMeeting(harness, token, 'ville-besancon', { inDays: 1, items: 1 });
    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, {
      kind: 'NOTE_SYNTHESE',
      title: 'Note explicative de synthèse',
    });
    const result = await harness.graphql(
      sendMutation,
      { bodyId, input: { meetingId, urgent: true, urgencyJustification: 'Urgence' } },
      token,
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'DEADLINE_PASSED', clearDays: 1 });
  });

  it('applies a commission’s delay from the règlement intérieur', async () => {
    const { bodyId, meetingId } = await createMeeting(harness, token, 'ville-besancon', {
      inDays: 3,
      items: 1,
      assemblyKind: 'COMMISSION',
    });
    const assemblies = await harness.graphql<{ body: { assemblies: { id: string; kind: string }[] } }>(
      '{ body(slug: "ville-besancon") { assemblies { id kind } } }',
      {},
      token,
    );
    const byKind = (kind: string) => assemblies.data!.body.assemblies.find((assembly) => assembly.kind === kind)!.id;
    const setDelay = (assemblyId: string, clearDays: number | null) =>
      harness.graphql<{ setCommissionConvocationDelay: { convocationClearDays: number | null; convocationRuleReference: string | null } }>(
        'mutation ($bodyId: UUID!, $assemblyId: UUID!, $clearDays: Int) { setCommissionConvocationDelay(bodyId: $bodyId, assemblyId: $assemblyId, clearDays: $clearDays, reference: "Règlement intérieur, art. 21") { convocationClearDays convocationRuleReference } }',
        { bodyId, assemblyId, clearDays },
        token,
      );
    expect((await setDelay(byKind('CONSEIL_MUNICIPAL'), 2)).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'assemblyId',
    });
    expect((await setDelay(byKind('COMMISSION'), 4)).data!.setCommissionConvocationDelay).toEqual({
      convocationClearDays: 4,
      convocationRuleReference: 'Règlement intérieur, art. 21',
    });
    const deadline = await harness.graphql<{ body: { meeting: { convocationDeadline: { clearDays: number; article: string } } } }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { convocationDeadline { clearDays article } } } }',
      { id: meetingId },
      token,
    );
    expect(deadline.data!.body.meeting.convocationDeadline).toEqual({ clearDays: 4, article: 'Règlement intérieur, art. 21' });
    expect((await harness.graphql(sendMutation, { bodyId, input: { meetingId } }, token)).errors?.[0]?.extensions).toMatchObject({
      reason: 'DEADLINE_PASSED',
      clearDays: 4,
    });
    await setDelay(byKind('COMMISSION'), 1);
    expect((await harness.graphql(sendMutation, { bodyId, input: { meetingId } }, token)).errors).toBeUndefined();
  });

  it('refuses an official, and anyone of another body, with NOT_FOUND', async () => {
    const { bodyId, meetingId } = await createMeeting(harness, token, 'ville-besancon', { inDays: 30, items: 1 });
    for (const login of ['claire.martin', 'secretariat.doubs']) {
      const result = await harness.graphql(sendMutation, { bodyId, input: { meetingId } }, await harness.token(login));
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });
});

describe('a send', () => {
  it('writes, in one transaction, the convocation, a recipient per member in office, deliveries, ledger entries and jobs', async () => {
    const { bodyId, meetingId } = await createMeeting(harness, token, 'ville-besancon', { inDays: 20, items: 2 });
    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, {
      kind: 'NOTE_SYNTHESE',
      title: 'Note explicative de synthèse',
      pages: 2,
    });
    const sent = await harness.graphql<Sent>(sendMutation, { bodyId, input: { meetingId } }, token);
    expect(sent.errors).toBeUndefined();
    const convocationId = sent.data!.sendConvocation.id;

    const { em, body } = await databaseOf(harness).body('ville-besancon');
    const convocation = await em.findOneOrFail(Convocation, { id: convocationId });
    const recipients = await em.find(ConvocationRecipient, { convocationId });
    // The nine councillors seated in the demo's conseil municipal, all in office.
    expect(recipients.map((recipient) => recipient.displayName).sort()).toHaveLength(9);
    expect(recipients.every((recipient) => recipient.channel === 'ELECTRONIC')).toBe(true);
    expect(convocation.manifest.recipients).toHaveLength(9);
    expect(convocation.manifest.documents).toEqual([
      expect.objectContaining({ kind: 'NOTE_SYNTHESE', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), pageCount: 2 }),
    ]);
    expect(convocation.manifest.agenda.map((item) => item.number)).toEqual(['1', '2']);
    expect(convocation.manifest.deadline).toMatchObject({ clearDays: 5, met: true });

    const deliveries = await em.find(Delivery, { recipientId: { $in: recipients.map((recipient) => recipient.id) } });
    expect(deliveries).toHaveLength(9);
    expect(new Set(deliveries.map((delivery) => delivery.sendKey)).size).toBe(9);
    expect(deliveries.every((delivery) => delivery.channel === 'EMAIL' && delivery.status === 'PENDING')).toBe(true);

    const entries = await em.find(LedgerEntry, { subjectId: meetingId }, { orderBy: { sequence: 'asc' } });
    expect(entries.map((entry) => entry.kind)).toEqual(['CONVOCATION_SENT', ...Array(9).fill('RECIPIENT_CONVENED')]);
    expect(entries[0]!.payload).toMatchObject({ convocationId, manifestSha256: convocation.manifestSha256, onTime: true });
    expect((await verifyLedger(em.fork(), body.id)).ok).toBe(true);

    const jobs = await jobsOf([convocationId, meetingId, ...deliveries.map((delivery) => delivery.id)]);
    expect(jobs.filter((job) => job.task_identifier === 'convocation.deliver')).toHaveLength(9);
    expect(jobs.filter((job) => job.task_identifier === 'evidence.anchor-manifest')).toHaveLength(1);
    expect(jobs.filter((job) => job.task_identifier === 'convocation.remind')).toHaveLength(1);

    expect((await em.findOneOrFail(Meeting, { id: meetingId })).status).toBe('CONVENED');
    const again = await harness.graphql(sendMutation, { bodyId, input: { meetingId } }, token);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  // Crashes are injected with triggers, which Citus does not take on distributed tables (npm run test:citus).
  it.skipIf(inject('citusWorkerUrls').length > 0)(
    'leaves nothing behind when the transaction fails at any step, and then sends exactly once',
    async () => {
      const { bodyId, meetingId } = await createMeeting(harness, token, 'ville-besancon', { inDays: 20, items: 1 });
      await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, {
        kind: 'NOTE_SYNTHESE',
        title: 'Note explicative de synthèse',
      });
      const { em, schema } = await databaseOf(harness).body('ville-besancon');
      const connection = em.getConnection();
      const failing = [
        `${schema}.convocation`,
        `${schema}.convocation_recipient`,
        `${schema}.delivery`,
        `${schema}.ledger_entry`,
        'graphile_worker._private_jobs',
      ];
      await connection.execute(
        `create or replace function public.cartable_test_crash() returns trigger language plpgsql as $$ begin raise exception 'crash injected'; end $$`,
      );
      for (const table of failing) {
        await connection.execute(
          `create trigger cartable_test_crash before insert on ${table} for each row execute function public.cartable_test_crash()`,
        );
        const result = await harness.graphql(sendMutation, { bodyId, input: { meetingId } }, token);
        await connection.execute(`drop trigger cartable_test_crash on ${table}`);
        expect(result.errors?.[0]?.extensions?.code, table).toBe('INTERNAL_SERVER_ERROR');
        const fresh = em.fork();
        expect(await fresh.count(Convocation, { meetingId }), table).toBe(0);
        expect(await fresh.count(ConvocationRecipient, { meetingId }), table).toBe(0);
        expect(await fresh.count(LedgerEntry, { subjectId: meetingId }), table).toBe(0);
        expect((await fresh.findOneOrFail(Meeting, { id: meetingId })).status, table).toBe('DRAFT');
        expect(await jobsOf([meetingId]), table).toEqual([]);
      }
      const sent = await harness.graphql<Sent>(sendMutation, { bodyId, input: { meetingId } }, token);
      expect(sent.errors).toBeUndefined();
      expect(await em.fork().count(Convocation, { meetingId })).toBe(1);
      expect(await em.fork().count(ConvocationRecipient, { meetingId })).toBe(9);
    },
  );

  it('sends documents added or replaced after the convocation as a supplement with its own manifest', async () => {
    const { bodyId, meetingId, itemIds } = await createMeeting(harness, token, 'ville-besancon', { inDays: 20, items: 1 });
    const note = await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, {
      kind: 'NOTE_SYNTHESE',
      title: 'Note explicative de synthèse',
    });
    expect((await harness.graphql(sendMutation, { bodyId, input: { meetingId } }, token)).errors).toBeUndefined();
    const supplement = `mutation ($bodyId: UUID!, $meetingId: UUID!) { sendConvocationSupplement(bodyId: $bodyId, meetingId: $meetingId) { id sequence kind documentCount recipientCount } }`;
    const nothing = await harness.graphql(supplement, { bodyId, meetingId }, token);
    expect(nothing.errors?.[0]?.extensions).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'NOTHING_TO_SEND' });

    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, {
      kind: 'ANNEXE',
      title: 'Plan de financement',
      agendaItemId: itemIds[0],
    });
    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, {
      kind: 'NOTE_SYNTHESE',
      title: 'Note explicative de synthèse (rectifiée)',
      documentId: note.id,
      pages: 2,
    });
    const deleted = await harness.graphql(
      'mutation ($bodyId: UUID!, $id: UUID!) { deleteDocument(bodyId: $bodyId, documentId: $id) }',
      { bodyId, id: note.id },
      token,
    );
    expect(deleted.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const sent = await harness.graphql<{
      sendConvocationSupplement: { id: string; sequence: number; kind: string; documentCount: number; recipientCount: number };
    }>(supplement, { bodyId, meetingId }, token);
    expect(sent.errors).toBeUndefined();
    expect(sent.data!.sendConvocationSupplement).toMatchObject({ sequence: 2, kind: 'SUPPLEMENT', documentCount: 2, recipientCount: 9 });
    const { em } = await databaseOf(harness).body('ville-besancon');
    const manifest = (await em.findOneOrFail(Convocation, { id: sent.data!.sendConvocationSupplement.id })).manifest;
    expect(manifest.documents.map((document) => [document.title, document.change, document.version]).sort()).toEqual([
      ['Note explicative de synthèse (rectifiée)', 'REPLACED', 2],
      ['Plan de financement', 'ADDED', 1],
    ]);
    // An official sees what each send bound: every document in the convocation, the changes in the supplement.
    const sends = await harness.graphql<{
      body: {
        meeting: {
          convocations: {
            kind: string;
            documents: { documentId: string; versionId: string; version: number; title: string; change: string | null }[];
          }[];
        };
      };
    }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { convocations { kind documents { documentId versionId version title change } } } } }',
      { id: meetingId },
      await harness.token('claire.martin'),
    );
    const [initial, added] = sends.data!.body.meeting.convocations;
    expect(initial).toEqual({
      kind: 'INITIAL',
      documents: [{ documentId: note.id, versionId: expect.any(String), version: 1, title: 'Note explicative de synthèse', change: null }],
    });
    expect(added!.kind).toBe('SUPPLEMENT');
    expect(added!.documents.map((document) => [document.title, document.change, document.version]).sort()).toEqual([
      ['Note explicative de synthèse (rectifiée)', 'REPLACED', 2],
      ['Plan de financement', 'ADDED', 1],
    ]);
    const replaced = added!.documents.find((document) => document.change === 'REPLACED')!;
    expect(replaced.documentId).toBe(note.id);
    expect(replaced.versionId).not.toBe(initial!.documents[0]!.versionId);
    expect(await em.fork().count(LedgerEntry, { subjectId: meetingId, kind: 'SUPPLEMENT_SENT' })).toBe(1);
    expect((await harness.graphql(supplement, { bodyId, meetingId }, token)).errors?.[0]?.extensions?.reason).toBe('NOTHING_TO_SEND');

    // Issue 17 (12): the official's inbox says documents changed, and how many are still to read.
    const claire = await harness.token('claire.martin');
    type Mine = { myMeetings: { id: string; myConvocation: { lastSupplementAt: string | null; changedDocumentsUnread: number } }[] };
    const inbox = async () =>
      (
        await harness.graphql<Mine>('{ myMeetings { id myConvocation { lastSupplementAt changedDocumentsUnread } } }', {}, claire)
      ).data!.myMeetings.find((meeting) => meeting.id === meetingId)!.myConvocation;
    expect(await inbox()).toEqual({ lastSupplementAt: expect.any(String), changedDocumentsUnread: 2 });
    // She opens the corrected note (through her own download link): one left to read.
    const versions = await harness.graphql<{
      body: { meeting: { documents: { id: string; versions: { id: string; downloadUrl: string }[] }[] } };
    }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { documents { id versions { id downloadUrl } } } } }',
      { id: meetingId },
      claire,
    );
    const latestNote = versions.data!.body.meeting.documents.find((document) => document.id === note.id)!.versions[0]!;
    const link = new URL(latestNote.downloadUrl);
    expect((await harness.http.get(link.pathname + link.search)).status).toBe(302);
    expect(await inbox()).toEqual({ lastSupplementAt: expect.any(String), changedDocumentsUnread: 1 });
  });

  it('sends in a bounded number of SQL statements, whatever the number of recipients', async () => {
    const db = databaseOf(harness);
    const { body, em } = await db.body('ville-besancon');
    const senderId = await db.personId('secretariat.ville');
    /** An assembly of `size` officials, members of the body (half with SMS alerts, all with a push device), a meeting, its note: the statements of its send. */
    const statementsOfSend = async (size: number) => {
      const platform = db.platform();
      const assembly = em.fork().create(Assembly, { id: uuidv7(), kind: 'CONSEIL_MUNICIPAL', name: `Assemblée de ${size}` });
      await em.fork().persist(assembly).flush();
      const people = Array.from({ length: size }, (_, index) =>
        platform.create(Person, {
          id: uuidv7(),
          email: `elu.${size}.${index}@statements.test`,
          emailVerified: true,
          displayName: `Élu ${size}-${index}`,
          subject: null,
          platformRoles: [],
          mobilePhone: index % 2 ? `+336120000${String(index).padStart(2, '0')}` : null,
          smsAlerts: index % 2 === 1,
        }),
      );
      await platform.flush();
      for (const person of people) {
        // A member of the body: a seat counts only with a membership (legal-rules.md §0).
        platform.create(Membership, {
          id: uuidv7(),
          person: person.id,
          body: body.id,
          roles: ['OFFICIAL'],
          mandateStart: null,
          mandateEnd: null,
        });
        platform.create(PushSubscription, {
          id: uuidv7(),
          personId: person.id,
          endpoint: `https://push.test.invalid/${person.id}`,
          p256dh: 'B'.repeat(87),
          auth: 'A'.repeat(22),
          userAgent: null,
        });
      }
      await platform.flush();
      const seats = em.fork();
      for (const person of people)
        seats.create(AssemblyMember, {
          id: uuidv7(),
          assembly: assembly.id,
          personId: person.id,
          role: 'MEMBRE',
          votingRight: true,
          mandateStart: null,
          mandateEnd: null,
        });
      await seats.flush();
      const meeting = await createMeetingRow(systemContextIn(harness, body, em.fork()), {
        assemblyId: assembly.id,
        title: 'Séance',
        startsAt: new Date(Date.now() + 20 * 86_400_000),
        place: 'Salle du conseil',
        urgent: false,
      });
      await addAgendaItem({ em: em.fork() }, meeting.id, {
        title: 'Budget',
        kind: 'DELIBERATION',
        rapporteur: null,
        icpe: false,
        closedSession: false,
      });
      await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meeting.id, {
        kind: 'NOTE_SYNTHESE',
        title: 'Note explicative de synthèse',
      });
      const sendEm = em.fork();
      // The meeting loaded in the caller's unit of work before the send, as a service calling another would.
      const before = await sendEm.findOneOrFail(Meeting, meeting.id);
      const { result, statements } = await traceStatements(() =>
        sendConvocation(
          {
            body,
            em: sendEm,
            platformEm: db.platform(),
            now: () => new Date(),
            // As a request's actor: named by the Viewer (tenancy/body-context.ts), no platform read.
            actor: { personId: senderId, displayName: 'Secrétariat de la ville' },
            services: { convocations: { reminderLeadHours: 48, channelsOff: [] } },
          },
          { meetingId: meeting.id },
        ),
      );
      expect(result.manifest.recipients).toHaveLength(size);
      // The status was written by the send's one statement: the loaded meeting says so too, and is clean.
      expect(before.status).toBe('CONVENED');
      expect((await traceStatements(() => sendEm.flush())).statements, 'nothing left to flush').toEqual([]);
      expect(await em.fork().count(Delivery, { sendKey: { $like: `${result.id}:%` } })).toBe(size * 2 + size / 2);
      return statements.map((statement) => statement.sql);
    };
    const few = await statementsOfSend(4);
    const many = await statementsOfSend(50);
    // BEGIN … COMMIT included. Rows go in multi-row statements: a per-recipient or per-job statement would show here.
    expect(many.length).toBe(few.length);
    // 10 (PERFORMANCE.md S6): BEGIN; the meeting locked with its assembly; the agenda; the documents with
    // their versions; the circuit settings; who is convened; the ledger's head, locked; one write (rows,
    // ledger entries, jobs, the meeting convened); the inbox rows; COMMIT.
    expect(many.length).toBeLessThanOrEqual(10);
    expect((await verifyLedger(em.fork(), body.id)).ok).toBe(true);
  });
});
