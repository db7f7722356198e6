import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Convocation } from '../../src/body/convocations/convocation.entity.js';
import { inspectPdf } from '../../src/media/pdf-inspector.js';
import { eventually } from '../helpers/eventually.js';
import { useMailingHarness } from '../helpers/mailing-harness.js';
import { attachDocument, createMeeting, databaseOf, sendMutation } from './fixtures.js';

// Issue 17 (1): before the send, the secretariat reads exactly what each official will receive — the
// email as rendered, the SMS, the letter — drawn from the same manifest the send binds.
const mailing = useMailingHarness();

type Messages = {
  emailSubject: string;
  emailHtml: string;
  emailText: string;
  smsText: string;
  letterRecipient: string;
  letterPdfBase64: string;
};
const messagesQuery = `query ($id: UUID!, $urgent: Boolean, $justification: String) { body(slug: "ville-besancon") { meeting(id: $id) {
  convocationMessages(urgent: $urgent, urgencyJustification: $justification) { emailSubject emailHtml emailText smsText letterRecipient letterPdfBase64 } } } }`;
/** The send's own time is the one line a preview cannot know to the minute. */
const withoutSendTime = (text: string) => text.replace(/Envoi du [^—]+—/g, 'Envoi du … —');

async function pdfText(bytes: Buffer): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'cartable-preview-')), 'letter.pdf');
  await writeFile(file, bytes);
  return (await inspectPdf(file)).pages.map((page) => page.text).join('\n');
}

describe('convocationMessages: what a send made now would say', () => {
  it('previews the email, SMS and letter, writes nothing, and the send then says exactly that', async () => {
    const { harness, sink, secretariat } = mailing;
    const paulId = await databaseOf(harness).personId('paul.bernard');
    const { bodyId, meetingId } = await createMeeting(harness, secretariat, 'ville-besancon', {
      inDays: 20,
      items: 2,
      at: '18:30',
      title: 'Conseil municipal — aperçu',
    });
    const paper = await harness.graphql(
      'mutation ($bodyId: UUID!, $personId: UUID!) { setPaperConvocation(bodyId: $bodyId, personId: $personId, postalAddress: "12 rue de la République\\n25000 Besançon") }',
      { bodyId, personId: paulId },
      secretariat,
    );
    expect(paper.errors).toBeUndefined();
    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, {
      kind: 'NOTE_SYNTHESE',
      title: 'Note explicative de synthèse',
    });

    const preview = await harness.graphql<{ body: { meeting: { convocationMessages: Messages } } }>(
      messagesQuery,
      { id: meetingId },
      secretariat,
    );
    expect(preview.errors).toBeUndefined();
    const messages = preview.data!.body.meeting.convocationMessages;
    expect(messages.emailSubject).toMatch(/^Convocation : Conseil municipal du \p{L}+ \d+ \p{L}+ \d{4} à 18 h 30$/u);
    expect(messages.emailHtml).toMatch(/^<!doctype html><html lang="fr">/);
    expect(messages.emailHtml).toContain('<li>1. Délibération n° 1</li><li>2. Délibération n° 2</li>');
    expect(messages.smsText).toMatch(
      new RegExp(`^Convocation Conseil municipal du .+ à 18 h 30\\. http.+/seances/${bodyId}/${meetingId}$`),
    );
    expect(messages.letterRecipient).toBe('Paul Bernard');
    const previewLetter = await pdfText(Buffer.from(messages.letterPdfBase64, 'base64'));
    expect(previewLetter).toContain('Paul Bernard');
    expect(previewLetter).toContain('12 rue de la République');
    expect(previewLetter).toContain('1. Délibération n° 1');
    // A preview is only a reading: the meeting stays a draft, nobody is convened.
    const { em } = await databaseOf(harness).body('ville-besancon');
    expect(await em.count(Convocation, { meetingId })).toBe(0);

    // Urgency being declared in the form shows in the preview before it is stored.
    const urgent = await harness.graphql<{ body: { meeting: { convocationMessages: Messages } } }>(
      messagesQuery,
      { id: meetingId, urgent: true, justification: 'Sinistre au gymnase' },
      secretariat,
    );
    expect(urgent.data!.body.meeting.convocationMessages.emailSubject).toMatch(/\(urgence\)$/);
    expect(urgent.data!.body.meeting.convocationMessages.emailText).toContain(
      'Cette convocation est adressée en urgence : Sinistre au gymnase',
    );

    // The send: Claire's email is the preview's, word for word.
    const sent = await harness.graphql(sendMutation, { bodyId, input: { meetingId } }, secretariat);
    expect(sent.errors).toBeUndefined();
    const email = await eventually(
      async () =>
        sink.messages.find((message) => JSON.stringify(message.to).includes('claire.martin') && message.subject === messages.emailSubject),
      'Claire’s email',
    );
    expect(withoutSendTime(email.html as string)).toBe(withoutSendTime(messages.emailHtml));
    expect(withoutSendTime(email.text!.replace(/\r\n/g, '\n').trimEnd())).toBe(withoutSendTime(messages.emailText));
  });

  it('is the secretariat’s: an official is refused', async () => {
    const { harness, secretariat } = mailing;
    const { meetingId } = await createMeeting(harness, secretariat, 'ville-besancon', { inDays: 20, items: 1 });
    const refused = await harness.graphql(messagesQuery, { id: meetingId }, await harness.token('claire.martin'));
    expect(refused.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|NOT_FOUND/);
  });
});
