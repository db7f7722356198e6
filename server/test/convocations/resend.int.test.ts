import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Convocation, Delivery } from '../../src/body/convocations/convocation.entity.js';
import { convocationTaskNames } from '../../src/body/convocations/task-names.js';
import { Meeting } from '../../src/body/meetings/meeting.entity.js';
import { LedgerEntry } from '../../src/evidence/ledger-entry.entity.js';
import { TimestampAnchor } from '../../src/evidence/timestamp-anchor.entity.js';
import { enqueueJob } from '../../src/jobs/job-queue.js';
import { inspectPdf } from '../../src/media/pdf-inspector.js';
import { binaryBody } from '../helpers/binary-body.js';
import { eventually } from '../helpers/eventually.js';
import { startHarness, testPublicUrl, type TestHarness } from '../helpers/harness.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { attachDocument, createMeeting, databaseOf, sendMutation } from './fixtures.js';

let harness: TestHarness;
let sink: SmtpSink;
let secretariat: string;
/** Person ids of the demo's accounts. */
let people: Record<'claire' | 'paul' | 'secretariat', string>;
beforeAll(async () => {
  sink = await startSmtpSink();
  harness = await startHarness({
    environment: {
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      MAIL_FROM: 'Ville de Besançon <convocations@demo.cartable.fr>',
      EVIDENCE_ANCHOR_BATCH_SECONDS: '0',
    },
  });
  secretariat = await harness.token('secretariat.ville');
  const db = databaseOf(harness);
  people = {
    claire: await db.personId('claire.martin'),
    paul: await db.personId('paul.bernard'),
    secretariat: await db.personId('secretariat.ville'),
  };
});
afterAll(async () => {
  await harness?.close();
  await sink?.close();
});

const resendMutation = `mutation ($bodyId: UUID!, $meetingId: UUID!, $personId: UUID!, $channels: [DeliveryChannel!]) {
  resendConvocation(bodyId: $bodyId, meetingId: $meetingId, personId: $personId, channels: $channels) {
    personId displayName currentChannels { channel address } deliveries { id channel purpose status address }
  }
}`;
type Resent = {
  resendConvocation: {
    personId: string;
    displayName: string;
    currentChannels: { channel: string; address: string }[];
    deliveries: { id: string; channel: string; purpose: string; status: string; address: string }[];
  };
};

const sentTo = (address: string) => sink.messages.filter((message) => JSON.stringify(message.to).includes(address));

/** A Ville council meeting convened now, every first email delivered. */
async function convenedMeeting(title: string, inDays: number) {
  const { bodyId, meetingId } = await createMeeting(harness, secretariat, 'ville-besancon', { inDays, items: 1, title });
  await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, {
    kind: 'NOTE_SYNTHESE',
    title: 'Note explicative de synthèse',
  });
  const sent = await harness.graphql<{ sendConvocation: { id: string; manifestSha256: string } }>(
    sendMutation,
    { bodyId, input: { meetingId } },
    secretariat,
  );
  expect(sent.errors).toBeUndefined();
  const { em } = await databaseOf(harness).body('ville-besancon');
  await eventually(
    async () => (await em.fork().count(Delivery, { status: 'PENDING', channel: { $ne: 'LETTER' } })) === 0,
    'the first deliveries',
  );
  return { bodyId, meetingId, em, ...sent.data!.sendConvocation };
}

describe('resending the convocation to one official', () => {
  it('sends the same convocation to the corrected address, once per job even when the job runs again, in the ledger, the follow-up and the proof', async () => {
    const { bodyId, meetingId, em, id: convocationId, manifestSha256 } = await convenedMeeting('Conseil municipal — renvoi', 20);
    const { claire: claireId, secretariat: secretariatId } = people;
    const first = sentTo('claire.martin@demo.cartable.fr');
    expect(first).toHaveLength(1);

    // Her address was wrong: the secretariat sets the right one for the Ville's convocations.
    const corrected = 'claire.martin@mairie-besancon.example.fr';
    const set = await harness.graphql(
      'mutation ($bodyId: UUID!, $personId: UUID!, $email: String) { setMemberContact(bodyId: $bodyId, personId: $personId, email: $email) { email } }',
      { bodyId, personId: claireId, email: corrected },
      secretariat,
    );
    expect(set.errors).toBeUndefined();

    const resent = await harness.graphql<Resent>(resendMutation, { bodyId, meetingId, personId: claireId }, secretariat);
    expect(resent.errors).toBeUndefined();
    const row = resent.data!.resendConvocation;
    expect(row.currentChannels).toEqual([{ channel: 'EMAIL', address: corrected }]);
    expect(row.deliveries.map(({ channel, purpose, address }) => ({ channel, purpose, address }))).toEqual([
      { channel: 'EMAIL', purpose: 'CONVOCATION', address: 'claire.martin@demo.cartable.fr' },
      { channel: 'EMAIL', purpose: 'RESEND', address: corrected },
    ]);
    const resendId = row.deliveries[1]!.id;

    // The same convocation: same subject, same manifest, to the new address.
    const email = await sink.waitFor((message) => JSON.stringify(message.to).includes(corrected));
    expect(email.subject).toBe(first[0]!.subject);
    expect(email.headers.get('x-cartable-manifest-sha256')).toBe(manifestSha256);
    expect(email.messageId).toBe(`<cartable.${resendId}@demo.cartable.fr>`);
    const delivery = await eventually(async () => {
      const found = await em.fork().findOneOrFail(Delivery, { id: resendId });
      return found.status === 'ACCEPTED' && found;
    }, 'the resend accepted');
    expect(delivery.sendKey).toBe(`${convocationId}:${claireId}:EMAIL:RESEND:1`);

    // The delivery job runs again (a retry after its commit): it finds its delivery done and sends nothing.
    await harness.runtime.orm.em
      .fork()
      .transactional((tx) =>
        enqueueJob(tx, convocationTaskNames.deliver, { bodyId, deliveryId: resendId }, { jobKey: `retry:${resendId}` }),
      );
    const connection = harness.runtime.orm.em.getConnection();
    await eventually(
      async () =>
        (
          await connection.execute<{ count: string }[]>(`select count(*) from graphile_worker._private_jobs where key = ?`, [
            `retry:${resendId}`,
          ])
        )[0]!.count === '0',
      'the retried job to end',
    );
    expect(sentTo(corrected)).toHaveLength(1);
    expect((await em.fork().findOneOrFail(Delivery, { id: resendId })).attempts).toBe(1);

    // The ledger: who asked, which channels and addresses; then the provider's acceptance; both timestamped.
    const ledger = await em.fork().find(LedgerEntry, { subjectId: meetingId }, { orderBy: { sequence: 'asc' } });
    const request = ledger.find((entry) => entry.kind === 'CONVOCATION_RESENT')!;
    expect(request.payload).toMatchObject({
      resend: 1,
      personId: claireId,
      requestedBy: secretariatId,
      convocationIds: [convocationId],
      channels: [{ channel: 'EMAIL', address: corrected }],
      deliveryIds: [resendId],
    });
    expect(
      ledger
        .filter((entry) => entry.kind === 'DELIVERY_ACCEPTED' && entry.payload.deliveryId === resendId)
        .map((entry) => entry.payload.purpose),
    ).toEqual(['RESEND']);
    await eventually(
      async () =>
        (await em.fork().find(TimestampAnchor, { meetingId, kind: 'EVENTS' })).some(
          (anchor) => anchor.firstSequence! <= request.sequence && anchor.lastSequence! >= request.sequence,
        ),
      'the resend request timestamped',
    );
    // The manifest is the one sent: nothing was rewritten.
    expect((await em.fork().findOneOrFail(Convocation, { id: convocationId })).manifestSha256).toBe(manifestSha256);

    // Asked again, it is a second resend, with its own keys.
    const again = await harness.graphql<Resent>(resendMutation, { bodyId, meetingId, personId: claireId }, secretariat);
    expect(again.errors).toBeUndefined();
    await eventually(async () => sentTo(corrected).length === 2, 'the second resend');
    expect((await em.fork().find(Delivery, { purpose: 'RESEND' })).map((row) => row.sendKey).sort()).toEqual([
      `${convocationId}:${claireId}:EMAIL:RESEND:1`,
      `${convocationId}:${claireId}:EMAIL:RESEND:2`,
    ]);

    // The follow-up and the attestation show the resends.
    const followUp = await harness.graphql<{
      body: {
        meeting: {
          followUp: { personId: string; deliveries: { purpose: string; status: string; address: string }[] }[];
          proof: { attestationUrl: string };
        };
      };
    }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { followUp { personId deliveries { purpose status address } } proof { attestationUrl } } } }',
      { id: meetingId },
      secretariat,
    );
    const claire = followUp.data!.body.meeting.followUp.find((entry) => entry.personId === claireId)!;
    expect(claire.deliveries.filter((entry) => entry.purpose === 'RESEND')).toHaveLength(2);
    await eventually(
      async () => (await em.fork().count(Delivery, { purpose: 'RESEND', status: 'PENDING' })) === 0,
      'the second resend accepted',
    );
    const attestation = await harness.http
      .get(followUp.data!.body.meeting.proof.attestationUrl.replace(testPublicUrl, ''))
      .buffer(true)
      .parse(binaryBody);
    expect(attestation.status).toBe(200);
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'cartable-resend-')), 'attestation.pdf');
    await writeFile(file, attestation.body as Buffer);
    const text = (await inspectPdf(file)).pages.map((page) => page.text).join('\n');
    expect(text.match(new RegExp(`Renvoi par courriel \\(${corrected.replace(/\./g, '\\.')}\\) : accepté`, 'g'))).toHaveLength(2);
  });

  it('refuses a draft, someone not convened, paper, a channel they lack, a started or cancelled meeting, and a stranger', async () => {
    const { claire: claireId, paul: paulId, secretariat: secretariatId } = people;
    const refusal = async (variables: Record<string, unknown>, token = secretariat) => {
      const result = await harness.graphql(resendMutation, variables, token);
      expect(result.data ?? null).toBeNull();
      return { ...result.errors![0]!.extensions, message: result.errors![0]!.message };
    };

    const draft = await createMeeting(harness, secretariat, 'ville-besancon', {
      inDays: 25,
      items: 1,
      title: 'Conseil municipal — brouillon',
    });
    expect(await refusal({ bodyId: draft.bodyId, meetingId: draft.meetingId, personId: claireId })).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'NOT_CONVENED',
    });

    const paper = await harness.graphql(
      'mutation ($bodyId: UUID!, $personId: UUID!) { setPaperConvocation(bodyId: $bodyId, personId: $personId, postalAddress: "12 rue des Granges\\n25000 Besançon") }',
      { bodyId: draft.bodyId, personId: paulId },
      secretariat,
    );
    expect(paper.errors).toBeUndefined();
    const { bodyId, meetingId, em } = await convenedMeeting('Conseil municipal — refus', 21);
    const before = await em.fork().count(Delivery, {});

    expect(await refusal({ bodyId, meetingId, personId: paulId })).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'PAPER_RECIPIENT',
      message: expect.stringContaining('imprimez à nouveau sa lettre'),
    });
    // The secretariat is a member of the Ville but sits in no assembly: not convened.
    expect(await refusal({ bodyId, meetingId, personId: secretariatId })).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'NOT_RECIPIENT',
    });
    expect(await refusal({ bodyId, meetingId, personId: claireId, channels: ['SMS'] })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'channels',
      message: 'Claire Martin ne peut pas être joint(e) par SMS aujourd’hui ; canaux possibles : courriel.',
    });
    expect(await refusal({ bodyId, meetingId, personId: claireId, channels: [] })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'channels',
    });
    expect(await refusal({ bodyId, meetingId, personId: '01890000-0000-7000-8000-000000000000' })).toMatchObject({ code: 'NOT_FOUND' });
    // Officials do not resend: the operation does not exist for them.
    expect(await refusal({ bodyId, meetingId, personId: claireId }, await harness.token('paul.bernard'))).toMatchObject({
      code: 'NOT_FOUND',
    });

    // Time passes: the meeting has started.
    const startsAt = (await em.fork().findOneOrFail(Meeting, { id: meetingId })).startsAt;
    await em.fork().nativeUpdate(Meeting, { id: meetingId }, { startsAt: new Date(Date.now() - 60_000) });
    expect(await refusal({ bodyId, meetingId, personId: claireId })).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'MEETING_PAST',
      message: 'La séance a déjà commencé.',
    });
    await em.fork().nativeUpdate(Meeting, { id: meetingId }, { startsAt });
    const cancelled = await harness.graphql(
      'mutation ($bodyId: UUID!, $id: UUID!) { cancelMeeting(bodyId: $bodyId, meetingId: $id, reason: "Salle indisponible") { id } }',
      { bodyId, id: meetingId },
      secretariat,
    );
    expect(cancelled.errors).toBeUndefined();
    // The cancellation itself is told to every official convened (test/changes).
    const told = await em.fork().count(Delivery, { purpose: 'CHANGE' });
    expect(await refusal({ bodyId, meetingId, personId: claireId })).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'MEETING_CANCELLED',
    });

    // Nothing was written by any refusal.
    expect(await em.fork().count(Delivery, {})).toBe(before + told);
    expect(await em.fork().count(LedgerEntry, { subjectId: meetingId, kind: 'CONVOCATION_RESENT' })).toBe(0);
  });
});
