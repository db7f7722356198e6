import { Delivery, ConvocationRecipient } from '../../src/body/convocations/convocation.entity.js';
import { describe, expect, it } from 'vitest';
import { attachDocument, createMeeting, databaseOf, sendMutation } from '../convocations/fixtures.js';
import { eventually } from '../helpers/eventually.js';
import { useMailingHarness } from '../helpers/mailing-harness.js';

// Issue 17 (15, 21): the body's emails come from the body (its sender name on the platform's address)
// with the Reply-To its secretariat sets; a new member's invitation goes out through the same channel.
const mailing = useMailingHarness();

const settingsMutation = `mutation ($bodyId: UUID!, $input: BodyMailSettingsInput!) {
  updateBodyMailSettings(bodyId: $bodyId, input: $input) { mailSenderName defaultMailSenderName mailReplyTo }
}`;
const bodyQuery = 'query ($slug: String!) { body(slug: $slug) { id mailSenderName defaultMailSenderName mailReplyTo } }';

async function villeId(): Promise<string> {
  const result = await mailing.harness.graphql<{ body: { id: string } }>(bodyQuery, { slug: 'ville-besancon' }, mailing.secretariat);
  return result.data!.body.id;
}

describe('the identity of a body’s emails', () => {
  it('defaults to « <body> — Secrétariat des assemblées » without Reply-To; the secretariat sets both, checked', async () => {
    const { harness, secretariat } = mailing;
    const before = await harness.graphql<{ body: Record<string, unknown> }>(bodyQuery, { slug: 'ville-besancon' }, secretariat);
    expect(before.data!.body).toMatchObject({
      mailSenderName: 'Ville de Besançon — Secrétariat des assemblées',
      defaultMailSenderName: 'Ville de Besançon — Secrétariat des assemblées',
      mailReplyTo: null,
    });
    const bodyId = await villeId();

    const refused = await harness.graphql(
      settingsMutation,
      { bodyId, input: { senderName: 'Mairie', replyTo: 'pas une adresse' } },
      secretariat,
    );
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'replyTo' } });
    expect(refused.errors![0]!.message).toMatch(/^L’adresse de réponse n’est pas une adresse électronique valide/);
    const twoLines = await harness.graphql(settingsMutation, { bodyId, input: { senderName: 'Mairie\r\nBcc: x@y.fr' } }, secretariat);
    expect(twoLines.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'senderName' } });
    const official = await harness.graphql(
      settingsMutation,
      { bodyId, input: { replyTo: 'claire@ville.fr' } },
      await harness.token('claire.martin'),
    );
    expect(official.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    // Nothing was written by the refused attempts.
    expect(
      (await harness.graphql<{ body: Record<string, unknown> }>(bodyQuery, { slug: 'ville-besancon' }, secretariat)).data!.body,
    ).toMatchObject({ mailReplyTo: null });

    const saved = await harness.graphql(
      settingsMutation,
      { bodyId, input: { senderName: '  Ville de Besançon — Assemblées  ', replyTo: 'assemblees@besancon.example' } },
      secretariat,
    );
    expect(saved.errors).toBeUndefined();
    expect(saved.data).toEqual({
      updateBodyMailSettings: {
        mailSenderName: 'Ville de Besançon — Assemblées',
        defaultMailSenderName: 'Ville de Besançon — Secrétariat des assemblées',
        mailReplyTo: 'assemblees@besancon.example',
      },
    });
  });

  it('sends the convocation from the body’s name at the platform’s address, answers going to the Reply-To', async () => {
    const { harness, secretariat, sink } = mailing;
    const { bodyId, meetingId } = await createMeeting(harness, secretariat, 'ville-besancon', {
      inDays: 20,
      items: 1,
      title: 'Conseil municipal',
    });
    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, {
      kind: 'NOTE_SYNTHESE',
      title: 'Note explicative de synthèse',
    });
    const sent = await harness.graphql<{ sendConvocation: { id: string } }>(sendMutation, { bodyId, input: { meetingId } }, secretariat);
    expect(sent.errors).toBeUndefined();
    const { em } = await databaseOf(harness).body('ville-besancon');
    const recipients = await em.find(ConvocationRecipient, { convocationId: sent.data!.sendConvocation.id });
    const claire = recipients.find((recipient) => recipient.displayName === 'Claire Martin')!;
    const delivery = await eventually(async () => {
      const row = await em.fork().findOne(Delivery, { recipientId: claire.id, channel: 'EMAIL' });
      return row?.status === 'ACCEPTED' && row;
    }, 'claire’s email to be accepted');
    const message = await sink.waitFor((candidate) => candidate.messageId === `<${delivery.providerReference}>`);
    expect(message.from?.value).toEqual([{ name: 'Ville de Besançon — Assemblées', address: 'convocations@demo.cartable.fr' }]);
    expect(message.replyTo?.value).toEqual([{ name: '', address: 'assemblees@besancon.example' }]);
  });

  it('invites a newcomer by email from the body, with the link’s expiry; invitationSent is true only once the server took it', async () => {
    const { harness, secretariat, sink } = mailing;
    const bodyId = await villeId();
    const addMember = `mutation ($bodyId: UUID!, $input: AddMemberInput!) { addMember(bodyId: $bodyId, input: $input) { invitationSent } }`;
    const result = await harness.graphql<{ addMember: { invitationSent: boolean } }>(
      addMember,
      { bodyId, input: { email: 'nina.nouvelle@demo.cartable.fr', displayName: 'Nina Nouvelle', roles: ['OFFICIAL'] } },
      secretariat,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.addMember.invitationSent).toBe(true);
    const invitation = await sink.waitFor((message) => JSON.stringify(message.to).includes('nina.nouvelle@demo.cartable.fr'));
    expect(invitation.subject).toBe('Votre accès à Cartable — Ville de Besançon');
    expect(invitation.from?.value).toEqual([{ name: 'Ville de Besançon — Assemblées', address: 'convocations@demo.cartable.fr' }]);
    expect(invitation.replyTo?.value[0]?.address).toBe('assemblees@besancon.example');
    expect(invitation.text).toMatch(
      /Ce lien est valable jusqu’au \p{L}+ \d+ \p{L}+ \d{4} à \d{2} h \d{2} \(72 heures\) et ne sert qu’une fois/u,
    );
    const link = /http:\/\/localhost:4000(\/realms\/cartable\/login-actions\/action-token\?key=[\w-]+)/.exec(invitation.text ?? '')![1]!;
    const page = await harness.http.get(link);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Choisissez votre mot de passe');
  });
});
