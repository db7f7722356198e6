import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConvocationRecipient, Delivery } from '../../src/body/convocations/convocation.entity.js';
import { startBrevoSmsApi, type BrevoSmsApi } from '../helpers/brevo-sms-api.js';
import { eventually } from '../helpers/eventually.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { attachDocument, createMeeting, databaseOf, sendMutation } from './fixtures.js';

let harness: TestHarness;
let sms: BrevoSmsApi;
let claire: string;
beforeAll(async () => {
  sms = await startBrevoSmsApi({ apiKey: 'cle-de-test' });
  harness = await startHarness({
    environment: { SMS_PROVIDER: 'brevo', SMS_API_KEY: 'cle-de-test', SMS_SENDER: 'Besancon', SMS_API_URL: sms.apiUrl },
  });
  claire = await harness.token('claire.martin');
});
afterAll(async () => {
  await harness?.close();
  await sms?.close();
});

const preferences =
  'mutation ($phone: String, $sms: Boolean!) { updateAlertPreferences(mobilePhone: $phone, smsAlerts: $sms) { mobilePhone smsAlerts pushDevices } }';
const subscribe = 'mutation ($input: PushSubscriptionInput!) { subscribePush(input: $input) { pushDevices } }';
const keys = {
  p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
  auth: 'tBHItJI5svbpez7KI4CCXg',
};

describe('alert channels of an official', () => {
  it('stores a French mobile number in E.164 for SMS alerts, and refuses bad input in French', async () => {
    const saved = await harness.graphql(preferences, { phone: '06 12 34 56 78', sms: true }, claire);
    expect(saved.data).toEqual({ updateAlertPreferences: { mobilePhone: '+33612345678', smsAlerts: true, pushDevices: 0 } });
    expect((await harness.graphql(preferences, { phone: '12', sms: true }, claire)).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'mobilePhone',
    });
    expect((await harness.graphql(preferences, { phone: null, sms: true }, claire)).errors?.[0]?.message).toContain('numéro de mobile');
  });

  it('accepts push subscriptions of browser push services only', async () => {
    const internal = await harness.graphql(subscribe, { input: { endpoint: 'https://127.0.0.1:8443/push/abc', ...keys } }, claire);
    expect(internal.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endpoint' });
    const plain = await harness.graphql(subscribe, { input: { endpoint: 'http://fcm.googleapis.com/fcm/send/abc', ...keys } }, claire);
    expect(plain.errors?.[0]?.extensions?.field).toBe('endpoint');
    const ok = await harness.graphql(
      subscribe,
      { input: { endpoint: 'https://fcm.googleapis.com/fcm/send/claire-tablette', ...keys } },
      claire,
    );
    expect(ok.data).toEqual({ subscribePush: { pushDevices: 1 } });
    const key = await harness.graphql<{ pushPublicKey: string }>('{ pushPublicKey }', {}, claire);
    expect(key.data!.pushPublicKey).toMatch(/^[\w-]{87}$/);
    // Unsubscribed again: tests send nothing beyond loopback, and a real push service is not one.
    const removed = await harness.graphql(
      'mutation { unsubscribePush(endpoint: "https://fcm.googleapis.com/fcm/send/claire-tablette") { pushDevices } }',
      {},
      claire,
    );
    expect(removed.data).toEqual({ unsubscribePush: { pushDevices: 0 } });
  });

  it('shows an official her paper request per body, and the secretariat its members’ ones only', async () => {
    const secretariat = await harness.token('secretariat.ville');
    const mine = `{ me { memberships { body { slug } paperConvocation { postalAddress requestedAt } } } }`;
    type Mine = {
      me: { memberships: { body: { slug: string }; paperConvocation: { postalAddress: string; requestedAt: string } | null }[] };
    };
    const paperIn = async (slug: string) =>
      (await harness.graphql<Mine>(mine, {}, claire)).data!.me.memberships.find((membership) => membership.body.slug === slug)!
        .paperConvocation;
    const ville = await harness.graphql<{ body: { id: string } }>('{ body(slug: "ville-besancon") { id } }', {}, claire);
    const bodyId = ville.data!.body.id;
    expect(await paperIn('ville-besancon')).toBeNull();

    const paper = 'mutation ($bodyId: UUID!, $address: String) { setPaperConvocation(bodyId: $bodyId, postalAddress: $address) }';
    const set = await harness.graphql(paper, { bodyId, address: '  3 rue de la Mairie\n25000 Besançon ' }, claire);
    expect(set.errors).toBeUndefined();
    expect(set.data).toEqual({ setPaperConvocation: true });
    expect(await paperIn('ville-besancon')).toEqual({
      postalAddress: '3 rue de la Mairie\n25000 Besançon',
      requestedAt: expect.any(String),
    });
    expect(await paperIn('departement-doubs')).toBeNull();

    const members =
      'query ($slug: String!) { body(slug: $slug) { members { person { displayName } paperConvocation { postalAddress } } } }';
    type Members = { body: { members: { person: { displayName: string }; paperConvocation: { postalAddress: string } | null }[] } };
    const seen = await harness.graphql<Members>(members, { slug: 'ville-besancon' }, secretariat);
    expect(seen.data!.body.members.find((member) => member.person.displayName === 'Claire Martin')!.paperConvocation).toEqual({
      postalAddress: '3 rue de la Mairie\n25000 Besançon',
    });
    // The Département's secretariat sees none of the Ville's requests (nor the Ville's members).
    expect(
      (await harness.graphql(members, { slug: 'ville-besancon' }, await harness.token('secretariat.doubs'))).errors?.[0]?.extensions?.code,
    ).toBe('NOT_FOUND');

    const back = await harness.graphql(paper, { bodyId, address: null }, claire);
    expect(back.data).toEqual({ setPaperConvocation: false });
    expect(await paperIn('ville-besancon')).toBeNull();
  });

  it('convenes through email and SMS an official who opted in, and texts her through the SMS provider', async () => {
    const secretariat = await harness.token('secretariat.ville');
    const { bodyId, meetingId } = await createMeeting(harness, secretariat, 'ville-besancon', { inDays: 20, items: 1 });
    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, {
      kind: 'NOTE_SYNTHESE',
      title: 'Note explicative de synthèse',
    });
    expect((await harness.graphql(sendMutation, { bodyId, input: { meetingId } }, secretariat)).errors).toBeUndefined();
    const { em } = await databaseOf(harness).body('ville-besancon');
    const recipient = await em.findOneOrFail(ConvocationRecipient, {
      meetingId,
      personId: await databaseOf(harness).personId('claire.martin'),
    });
    const deliveries = await eventually(async () => {
      const rows = await em.fork().find(Delivery, { recipientId: recipient.id });
      return rows.find((row) => row.channel === 'SMS')?.status === 'ACCEPTED' && rows;
    }, 'the SMS');
    expect(deliveries.map((row) => row.channel).sort()).toEqual(['EMAIL', 'SMS']);
    const request = sms.requests.at(-1)!;
    expect(request.body).toMatchObject({ recipient: '33612345678', sender: 'Besancon', type: 'transactional' });
    expect((request.body as { content: string }).content).toMatch(
      /^Convocation Conseil municipal du .* http:\/\/localhost:4000\/seances\//,
    );
  });
});
