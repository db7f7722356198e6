import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

// Issue 17 (21): `invitationSent` says whether the invitation really left — false when the mail server refuses it.
let harness: TestHarness;
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink(0, {
    refuseRecipient: (address) =>
      address.startsWith('boite.inconnue') ? { responseCode: 550, message: '5.1.1 Mailbox unknown' } : undefined,
  });
  harness = await startHarness({
    environment: { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_FROM: 'Cartable <convocations@demo.cartable.fr>' },
  });
});
afterAll(async () => {
  await harness?.close();
  await sink?.close();
});

describe('an invitation the mail server refuses', () => {
  it('is answered invitationSent: false, the member seated all the same', async () => {
    const token = await harness.token('secretariat.ville');
    const body = await harness.graphql<{ body: { id: string } }>('{ body(slug: "ville-besancon") { id } }', {}, token);
    const result = await harness.graphql<{ addMember: { invitationSent: boolean; membership: { person: { email: string } } } }>(
      'mutation ($bodyId: UUID!, $input: AddMemberInput!) { addMember(bodyId: $bodyId, input: $input) { invitationSent membership { person { email } } } }',
      {
        bodyId: body.data!.body.id,
        input: { email: 'boite.inconnue@demo.cartable.fr', displayName: 'Boîte Inconnue', roles: ['OFFICIAL'] },
      },
      token,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.addMember).toEqual({ invitationSent: false, membership: { person: { email: 'boite.inconnue@demo.cartable.fr' } } });
    expect(sink.messages).toEqual([]);
  });
});
