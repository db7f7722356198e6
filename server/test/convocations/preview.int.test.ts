import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Convocation } from '../../src/body/convocations/convocation.entity.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { attachDocument, createMeeting, databaseOf, sendMutation } from './fixtures.js';

let harness: TestHarness;
let token: string;
beforeAll(async () => {
  harness = await startHarness({ environment: { JOBS_CONCURRENCY: '0' } });
  token = await harness.token('secretariat.ville');
});
afterAll(() => harness?.close());

type Preview = {
  recipients: { personId: string; displayName: string; votingRight: boolean; mode: string; channels: { channel: string; address: string }[] }[];
  urgentDeadline: { clearDays: number; article: string; urgent: boolean; latestSendDate: string };
};

const previewQuery = `query ($id: ID!) { body(slug: "ville-besancon") { meeting(id: $id) {
  convocationPreview { recipients { personId displayName votingRight mode channels { channel address } } urgentDeadline { clearDays article urgent latestSendDate } }
  convocationDeadline { clearDays latestSendDate }
} } }`;

describe('the preview of a convocation', () => {
  it('lists who a send would reach, through which channels, as the send then does', async () => {
    const { bodyId, meetingId } = await createMeeting(harness, token, 'ville-besancon', { inDays: 20, items: 1 });
    const db = databaseOf(harness);
    const paul = await db.personId('paul.bernard');
    const claire = await db.personId('claire.martin');
    const paper = await harness.graphql(
      'mutation ($bodyId: ID!, $personId: ID!) { setPaperConvocation(bodyId: $bodyId, personId: $personId, postalAddress: "12 rue de la République\\n25000 Besançon") }',
      { bodyId, personId: paul },
      token,
    );
    expect(paper.errors).toBeUndefined();
    const sms = await harness.graphql('mutation { updateAlertPreferences(mobilePhone: "+33612345678", smsAlerts: true) { smsAlerts } }', {}, await harness.token('claire.martin'));
    expect(sms.errors).toBeUndefined();

    const result = await harness.graphql<{ body: { meeting: { convocationPreview: Preview; convocationDeadline: { clearDays: number; latestSendDate: string } } } }>(previewQuery, { id: meetingId }, token);
    expect(result.errors).toBeUndefined();
    const { convocationPreview: preview, convocationDeadline } = result.data!.body.meeting;
    // The nine councillors of the demo's conseil municipal, by name.
    expect(preview.recipients).toHaveLength(9);
    const names = preview.recipients.map((recipient) => recipient.displayName);
    expect(names).toEqual([...names].sort((left, right) => left.localeCompare(right, 'fr')));
    expect(preview.recipients.find((recipient) => recipient.personId === paul)).toMatchObject({
      mode: 'PAPER',
      channels: [{ channel: 'LETTER', address: '12 rue de la République\n25000 Besançon' }],
    });
    expect(preview.recipients.find((recipient) => recipient.personId === claire)).toMatchObject({
      mode: 'ELECTRONIC',
      votingRight: true,
      channels: [
        { channel: 'EMAIL', address: 'claire.martin@demo.cartable.fr' },
        { channel: 'SMS', address: '+33612345678' },
      ],
    });
    expect(preview.urgentDeadline).toMatchObject({ clearDays: 1, urgent: true, article: expect.stringContaining('CGCT') });
    expect(convocationDeadline.clearDays).toBe(5);
    expect(preview.urgentDeadline.latestSendDate > convocationDeadline.latestSendDate).toBe(true);

    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, { kind: 'NOTE_SYNTHESE', title: 'Note explicative de synthèse' });
    const sent = await harness.graphql<{ sendConvocation: { id: string } }>(sendMutation, { bodyId, input: { meetingId } }, token);
    expect(sent.errors).toBeUndefined();
    const { em } = await db.body('ville-besancon');
    const manifest = (await em.findOneOrFail(Convocation, { id: sent.data!.sendConvocation.id })).manifest;
    expect(manifest.recipients.map((recipient) => ({ personId: recipient.personId, mode: recipient.mode, channels: recipient.channels }))).toEqual(
      preview.recipients.map((recipient) => ({ personId: recipient.personId, mode: recipient.mode, channels: recipient.channels.map((channel) => channel.channel) })),
    );
  });

  it('is for the body’s secretariat only, even on a meeting officials see', async () => {
    const { bodyId, meetingId } = await createMeeting(harness, token, 'ville-besancon', { inDays: 20, items: 1 });
    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, { kind: 'NOTE_SYNTHESE', title: 'Note explicative de synthèse' });
    expect((await harness.graphql(sendMutation, { bodyId, input: { meetingId } }, token)).errors).toBeUndefined();
    const official = await harness.graphql<{ body: { meeting: { title: string; convocationPreview: Preview | null } | null } }>(
      'query ($id: ID!) { body(slug: "ville-besancon") { meeting(id: $id) { title convocationPreview { recipients { personId } } } } }',
      { id: meetingId },
      await harness.token('claire.martin'),
    );
    expect(official.errors?.[0]).toMatchObject({ path: ['body', 'meeting', 'convocationPreview'], extensions: { code: 'NOT_FOUND' } });
    const other = await harness.graphql(previewQuery, { id: meetingId }, await harness.token('secretariat.doubs'));
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('lists the body’s paper convocation choices for its secretariat, until an official goes back to electronic', async () => {
    const db = databaseOf(harness);
    const { body } = await db.body('ville-besancon');
    const karim = await db.personId('karim.benali');
    const set = (postalAddress: string | null) =>
      harness.graphql('mutation ($bodyId: ID!, $personId: ID!, $address: String) { setPaperConvocation(bodyId: $bodyId, personId: $personId, postalAddress: $address) }', { bodyId: body.id, personId: karim, address: postalAddress }, token);
    const choices = async (login = 'secretariat.ville') =>
      harness.graphql<{ body: { paperConvocations: { personId: string; postalAddress: string }[] } }>('{ body(slug: "ville-besancon") { paperConvocations { personId postalAddress requestedAt } } }', {}, await harness.token(login));
    expect((await set('3 place du Huit-Septembre, 25000 Besançon')).errors).toBeUndefined();
    expect((await choices()).data!.body.paperConvocations).toContainEqual(expect.objectContaining({ personId: karim, postalAddress: '3 place du Huit-Septembre, 25000 Besançon' }));
    expect((await set(null)).errors).toBeUndefined();
    expect((await choices()).data!.body.paperConvocations.map((choice) => choice.personId)).not.toContain(karim);
    expect((await choices('claire.martin')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
