import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConvocationRecipient, Delivery } from '../../src/body/convocations/convocation.entity.js';
import { inspectPdf } from '../../src/media/pdf-inspector.js';
import { binaryBody } from '../helpers/binary-body.js';
import { eventually } from '../helpers/eventually.js';
import { testPublicUrl } from '../helpers/harness.js';
import { useMailingHarness } from '../helpers/mailing-harness.js';
import { attachDocument, createMeeting, databaseOf, sendMutation } from './fixtures.js';

// Issue 17 (6, 20): what emails and the attestation say is French, counted and dated one way; and with no
// SMS provider on this server, SMS is neither offered nor attempted, and the secretariat is told why.
const mailing = useMailingHarness();

type Preview = {
  recipients: { personId: string; channels: { channel: string; address: string }[] }[];
  channelsOff: { channel: string; reason: string }[];
};
const previewQuery =
  'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { convocationPreview { recipients { personId channels { channel address } } channelsOff { channel reason } } } } }';
/** Every value of an enum the attestation could print raw. */
const englishEnum =
  /\b(DRAFT|CONVENED|HELD|CLOSED|CANCELLED|EMAIL|PUSH|LETTER|PENDING|ACCEPTED|FAILED|POSTED|PRESENT|ABSENT|PROXY|CONVOCATION|REMINDER|RESEND|INITIAL|SUPPLEMENT|ELECTRONIC|PAPER)\b/;

function parenthesisDepths(text: string): { deepest: number; left: number } {
  let depth = 0;
  let deepest = 0;
  for (const character of text) {
    if (character === '(') deepest = Math.max(deepest, ++depth);
    if (character === ')') depth -= 1;
  }
  return { deepest, left: depth };
}

describe('French texts, and a channel the server has off', () => {
  it('plans no SMS without a provider and says why; the email dates the meeting at 18 h 30 in the body’s time zone; the attestation is all French', async () => {
    const { harness, sink, secretariat } = mailing;
    const claireId = await databaseOf(harness).personId('claire.martin');
    const optIn = await harness.graphql(
      'mutation { updateAlertPreferences(mobilePhone: "+33612345678", smsAlerts: true) { smsAlerts } }',
      {},
      await harness.token('claire.martin'),
    );
    expect(optIn.errors).toBeUndefined();
    // 18:30 in Besançon (Europe/Paris), i.e. 17:30 UTC in December.
    const { bodyId, meetingId } = await createMeeting(harness, secretariat, 'ville-besancon', {
      inDays: 20,
      items: 1,
      at: '18:30',
      title: 'Conseil municipal — textes',
    });
    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, {
      kind: 'NOTE_SYNTHESE',
      title: 'Note explicative de synthèse',
    });

    const preview = await harness.graphql<{ body: { meeting: { convocationPreview: Preview } } }>(
      previewQuery,
      { id: meetingId },
      secretariat,
    );
    expect(preview.errors).toBeUndefined();
    const { recipients, channelsOff } = preview.data!.body.meeting.convocationPreview;
    expect(recipients.find((recipient) => recipient.personId === claireId)!.channels).toEqual([
      { channel: 'EMAIL', address: 'claire.martin@demo.cartable.fr' },
    ]);
    expect(channelsOff).toEqual([{ channel: 'SMS', reason: expect.stringContaining('Aucun fournisseur de SMS n’est configuré') }]);

    const sent = await harness.graphql<{ sendConvocation: { id: string } }>(sendMutation, { bodyId, input: { meetingId } }, secretariat);
    expect(sent.errors).toBeUndefined();
    const { em } = await databaseOf(harness).body('ville-besancon');
    const claire = await em.findOneOrFail(ConvocationRecipient, { convocationId: sent.data!.sendConvocation.id, personId: claireId });
    const deliveries = await eventually(async () => {
      const rows = await em.fork().find(Delivery, { recipientId: claire.id });
      return rows.every((row) => row.status !== 'PENDING') && rows;
    }, 'Claire’s deliveries');
    expect(deliveries.map((delivery) => [delivery.channel, delivery.status])).toEqual([['EMAIL', 'ACCEPTED']]);

    const email = sink.messages.find((message) => JSON.stringify(message.to).includes('claire.martin'))!;
    expect(email.subject).toMatch(/^Convocation : Conseil municipal du \p{L}+ \d+ décembre \d{4} à 18 h 30$/u);
    expect(email.text).toContain('à 18 h 30, Salle du conseil.');
    expect(email.text).toContain('1 document accompagne cette convocation,');
    expect(email.text).not.toContain('(s)');

    const links = await harness.graphql<{ body: { meeting: { proof: { attestationUrl: string } } } }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { proof { attestationUrl } } } }',
      { id: meetingId },
      secretariat,
    );
    const attestation = await harness.http
      .get(links.data!.body.meeting.proof.attestationUrl.replace(testPublicUrl, ''))
      .buffer(true)
      .parse(binaryBody);
    expect(attestation.status).toBe(200);
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'cartable-texts-')), 'attestation.pdf');
    await writeFile(file, attestation.body as Buffer);
    const text = (await inspectPdf(file)).pages.map((page) => page.text).join('\n');
    expect(text).toContain('État : convoquée');
    expect(text).toMatch(/Délai légal : 5 jours francs \(/);
    expect(text).toMatch(/Date : \p{L}+ \d+ décembre \d{4} à 18 h 30/u);
    expect(text).not.toMatch(englishEnum);
    expect(text).not.toContain('(s)');
    expect(text).not.toContain('échec');
    expect(text).not.toContain('+33612345678');
    // Every parenthesis closes, none inside another (a reader takes "(a (b))" for one left open).
    expect(parenthesisDepths(text)).toEqual({ deepest: 1, left: 0 });
  });
});
