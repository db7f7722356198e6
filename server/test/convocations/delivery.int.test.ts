import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Convocation, ConvocationRecipient, Delivery } from '../../src/body/convocations/convocation.entity.js';
import { LedgerEntry } from '../../src/evidence/ledger-entry.entity.js';
import { TimestampAnchor } from '../../src/evidence/timestamp-anchor.entity.js';
import { verifyTimestampToken } from '../../src/evidence/timestamping/timestamp-authority.js';
import { eventually } from '../helpers/eventually.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { attachDocument, createMeeting, databaseOf, sendMutation } from './fixtures.js';

let harness: TestHarness;
let sink: SmtpSink;
let secretariat: string;
beforeAll(async () => {
  // Karim Benali's mailbox does not exist: the SMTP server refuses it for good.
  sink = await startSmtpSink(0, {
    refuseRecipient: (address) =>
      address.startsWith('karim.benali') ? { responseCode: 550, message: '5.1.1 Mailbox unknown' } : undefined,
  });
  harness = await startHarness({
    environment: {
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      MAIL_FROM: 'Ville de Besançon <convocations@demo.cartable.fr>',
      EVIDENCE_ANCHOR_BATCH_SECONDS: '0',
    },
  });
  secretariat = await harness.token('secretariat.ville');
});
afterAll(async () => {
  await harness?.close();
  await sink?.close();
});

describe('delivering a convocation', () => {
  it('emails every official through a real SMTP server, records each outcome, and timestamps the manifest and the events', async () => {
    const { bodyId, meetingId } = await createMeeting(harness, secretariat, 'ville-besancon', {
      inDays: 20,
      items: 2,
      title: 'Conseil municipal de décembre',
    });
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
    const { id: convocationId, manifestSha256 } = sent.data!.sendConvocation;
    const { em } = await databaseOf(harness).body('ville-besancon');
    const recipients = await em.find(ConvocationRecipient, { convocationId });
    const deliveries = await eventually(async () => {
      const rows = await em.fork().find(Delivery, { recipientId: { $in: recipients.map((recipient) => recipient.id) } });
      return rows.every((row) => row.status !== 'PENDING') && rows;
    }, 'every delivery to end');

    const failed = deliveries.filter((delivery) => delivery.status === 'FAILED');
    expect(failed.map((delivery) => delivery.address)).toEqual(['karim.benali@demo.cartable.fr']);
    expect(failed[0]!.lastError).toMatch(/^SMTP_REJECTED/);
    const accepted = deliveries.filter((delivery) => delivery.status === 'ACCEPTED');
    expect(accepted).toHaveLength(8);
    expect(sink.messages).toHaveLength(8);
    const claire = sink.messages.find(
      (message) => message.text?.includes('Madame, Monsieur') && JSON.stringify(message.to).includes('claire.martin'),
    )!;
    expect(claire.subject).toMatch(/^Convocation : Conseil municipal du \p{L}+ \d+ \p{L}+ \d{4} à 18 h 00$/u);
    expect(claire.text).toContain('1. Délibération n° 1');
    expect(claire.headers.get('x-cartable-manifest-sha256')).toBe(manifestSha256);
    expect(claire.headers.get('auto-submitted')).toBe('auto-generated');
    const claireDelivery = accepted.find((delivery) => delivery.address === 'claire.martin@demo.cartable.fr')!;
    expect(claire.messageId).toBe(`<cartable.${claireDelivery.id}@demo.cartable.fr>`);
    expect(claireDelivery.providerReference).toBe(`cartable.${claireDelivery.id}@demo.cartable.fr`);

    const events = await em.fork().find(LedgerEntry, { subjectId: meetingId, kind: { $in: ['DELIVERY_ACCEPTED', 'DELIVERY_FAILED'] } });
    expect(events.filter((entry) => entry.kind === 'DELIVERY_ACCEPTED')).toHaveLength(8);
    expect(events.find((entry) => entry.kind === 'DELIVERY_FAILED')!.payload).toMatchObject({ code: 'SMTP_REJECTED', channel: 'EMAIL' });

    // The manifest and every event of the meeting end up under RFC 3161 tokens of the embedded TSA.
    const chain = await harness.runtime.timestamps.certificateChainPem();
    const manifestAnchor = await eventually(
      () => em.fork().findOne(TimestampAnchor, { convocationId, kind: 'MANIFEST' }),
      'the manifest token',
    );
    expect(manifestAnchor.contentSha256).toBe(manifestSha256);
    await verifyTimestampToken(Buffer.from(manifestAnchor.token), Buffer.from(manifestSha256, 'hex'), chain);
    const sequences = (await em.fork().find(LedgerEntry, { subjectId: meetingId })).map((entry) => entry.sequence);
    const batches = await eventually(async () => {
      const rows = await em.fork().find(TimestampAnchor, { meetingId, kind: 'EVENTS' }, { orderBy: { firstSequence: 'asc' } });
      const covered = new Set(
        rows.flatMap((row) => sequences.filter((sequence) => sequence >= row.firstSequence! && sequence <= row.lastSequence!)),
      );
      return covered.size === sequences.length && rows;
    }, 'every event to be timestamped');
    for (const batch of batches) {
      const content = Buffer.from(batch.content);
      await verifyTimestampToken(Buffer.from(batch.token), createHash('sha256').update(content).digest(), chain);
      const parsed = JSON.parse(content.toString('utf8')) as { entries: { sequence: number; hash: string }[] };
      expect(parsed.entries.map((entry) => entry.sequence)).toEqual(
        sequences.filter((sequence) => sequence >= batch.firstSequence! && sequence <= batch.lastSequence!),
      );
    }
    expect((await em.fork().findOneOrFail(Convocation, { id: convocationId })).manifestSha256).toBe(manifestSha256);
  });

  it('sends reminders to those who have not acknowledged, and letters to those who asked for paper', async () => {
    const claire = await harness.token('claire.martin');
    const paulId = await databaseOf(harness).personId('paul.bernard');
    const { bodyId, meetingId } = await createMeeting(harness, secretariat, 'ville-besancon', {
      inDays: 22,
      items: 1,
      title: 'Conseil municipal extraordinaire',
    });
    const paper = await harness.graphql(
      'mutation ($bodyId: UUID!, $personId: UUID!) { setPaperConvocation(bodyId: $bodyId, personId: $personId, postalAddress: "12 rue des Granges\\n25000 Besançon") }',
      { bodyId, personId: paulId },
      secretariat,
    );
    expect(paper.errors).toBeUndefined();
    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, {
      kind: 'NOTE_SYNTHESE',
      title: 'Note explicative de synthèse',
    });
    expect((await harness.graphql(sendMutation, { bodyId, input: { meetingId } }, secretariat)).errors).toBeUndefined();
    const ack = await harness.graphql(
      'mutation ($bodyId: UUID!, $meetingId: UUID!) { acknowledgeConvocation(bodyId: $bodyId, meetingId: $meetingId) { acknowledgedAt } }',
      { bodyId, meetingId },
      claire,
    );
    expect(ack.errors).toBeUndefined();

    const followUp = `query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { followUp { displayName mode deliveries { id channel purpose status letterReady letterUrl postedOn } } } } }`;
    type Row = {
      displayName: string;
      mode: string;
      deliveries: {
        id: string;
        channel: string;
        purpose: string;
        status: string;
        letterReady: boolean;
        letterUrl: string | null;
        postedOn: string | null;
      }[];
    };
    const paul = await eventually(async () => {
      const result = await harness.graphql<{ body: { meeting: { followUp: Row[] } } }>(followUp, { id: meetingId }, secretariat);
      const row = result.data!.body.meeting.followUp.find((item) => item.displayName === 'Paul Bernard')!;
      return row.deliveries[0]?.letterReady && row;
    }, 'Paul Bernard’s letter');
    expect(paul.mode).toBe('PAPER');
    expect(paul.deliveries).toMatchObject([{ channel: 'LETTER', status: 'PENDING', letterUrl: expect.stringContaining('http') }]);
    const letter = await harness.http.get(
      new URL(paul.deliveries[0]!.letterUrl!).pathname + new URL(paul.deliveries[0]!.letterUrl!).search,
    );
    expect(letter.status).toBe(200);
    expect(
      Buffer.from(letter.body as Buffer)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const posted = await harness.graphql<{ recordLetterPosted: { status: string; postedOn: string } }>(
      'mutation ($bodyId: UUID!, $id: UUID!) { recordLetterPosted(bodyId: $bodyId, deliveryId: $id, postedOn: "2026-11-24") { status postedOn } }',
      { bodyId, id: paul.deliveries[0]!.id },
      secretariat,
    );
    expect(posted.data!.recordLetterPosted).toEqual({ status: 'POSTED', postedOn: '2026-11-24' });
    const again = await harness.graphql(
      'mutation ($bodyId: UUID!, $id: UUID!) { recordLetterPosted(bodyId: $bodyId, deliveryId: $id, postedOn: "2026-11-25") { status } }',
      { bodyId, id: paul.deliveries[0]!.id },
      secretariat,
    );
    expect(again.errors?.[0]).toMatchObject({
      message: 'Ce courrier est déjà enregistré comme posté le 24 novembre 2026.',
      extensions: { code: 'CONFLICT' },
    });

    // The convocation's own emails first: the queue promises no order between the jobs of one send.
    const { em } = await databaseOf(harness).body('ville-besancon');
    const convened = (await em.find(ConvocationRecipient, { meetingId })).map((recipient) => recipient.id);
    await eventually(
      async () => (await em.fork().count(Delivery, { recipientId: { $in: convened }, channel: 'EMAIL', status: 'PENDING' })) === 0,
      'the convocation emails',
    );
    const before = sink.messages.length;
    // Three secretaries (or clicks) at once: the officials are reminded once.
    const remind = () =>
      harness.graphql<{ sendConvocationReminders: number }>(
        'mutation ($bodyId: UUID!, $meetingId: UUID!) { sendConvocationReminders(bodyId: $bodyId, meetingId: $meetingId) }',
        { bodyId, meetingId },
        secretariat,
      );
    const calls = await Promise.all([remind(), remind(), remind()]);
    expect(calls.map((call) => call.errors)).toEqual([undefined, undefined, undefined]);
    // Nine convened: Claire acknowledged, Paul is on paper: seven reminders (Karim's will bounce again).
    expect(calls.map((call) => call.data!.sendConvocationReminders).sort()).toEqual([0, 0, 7]);
    const reminderRows = await eventually(async () => {
      const rows = await em.fork().find(Delivery, { recipientId: { $in: convened }, purpose: 'REMINDER' });
      return rows.every((row) => row.status !== 'PENDING') && rows;
    }, 'the reminders');
    expect(reminderRows).toHaveLength(7);
    const reminders = sink.messages.slice(before);
    expect(reminders).toHaveLength(6);
    expect(new Set(reminders.map((message) => JSON.stringify(message.to))).size).toBe(6);
    expect(reminders.every((message) => message.subject?.startsWith('Rappel — Convocation'))).toBe(true);
    expect(reminders.some((message) => JSON.stringify(message.to).includes('claire.martin'))).toBe(false);
    // Again the same day: nobody.
    expect((await remind()).data!.sendConvocationReminders).toBe(0);
  });
});
