import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemberContact } from '../../src/body/convocations/convocation.entity.js';
import { smsProvider, startHarness, type TestHarness } from '../helpers/harness.js';
import { createMeeting, databaseOf } from './fixtures.js';

// Issue 7: the secretariat sets where its body's convocations reach an official; SMS consent stays theirs.
let harness: TestHarness;
let secretariat: string;
let claire: string;
beforeAll(async () => {
  harness = await startHarness({ environment: { JOBS_CONCURRENCY: '0', ...smsProvider } });
  secretariat = await harness.token('secretariat.ville');
  claire = await databaseOf(harness).personId('claire.martin');
});
afterAll(() => harness?.close());

const setContact = `mutation ($bodyId: UUID!, $personId: UUID!, $email: String, $phone: String) {
  setMemberContact(bodyId: $bodyId, personId: $personId, email: $email, mobilePhone: $phone) { personId email mobilePhone accountEmail accountMobilePhone smsAlerts updatedAt }
}`;
type Contact = {
  personId: string;
  email: string | null;
  mobilePhone: string | null;
  accountEmail: string;
  accountMobilePhone: string | null;
  smsAlerts: boolean;
  updatedAt: string | null;
};
const contactsQuery =
  'query { body(slug: "ville-besancon") { memberContacts { personId email mobilePhone accountEmail accountMobilePhone smsAlerts updatedAt } } }';
const previewQuery =
  'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { convocationPreview { recipients { personId channels { channel address } } } } } }';

async function claireChannels(meetingId: string) {
  const preview = await harness.graphql<{
    body: { meeting: { convocationPreview: { recipients: { personId: string; channels: { channel: string; address: string }[] }[] } } };
  }>(previewQuery, { id: meetingId }, secretariat);
  expect(preview.errors).toBeUndefined();
  return preview.data!.body.meeting.convocationPreview.recipients.find((recipient) => recipient.personId === claire)!.channels;
}

describe('the contact details a body sets for an official', () => {
  it('replaces the account’s email and phone for this body’s convocations, SMS only with the official’s consent, until cleared', async () => {
    const { bodyId, meetingId } = await createMeeting(harness, secretariat, 'ville-besancon', { inDays: 20, items: 1 });
    expect(await claireChannels(meetingId)).toEqual([{ channel: 'EMAIL', address: 'claire.martin@demo.cartable.fr' }]);

    const set = await harness.graphql<{ setMemberContact: Contact }>(
      setContact,
      { bodyId, personId: claire, email: ' claire.martin@mairie-besancon.example.fr ', phone: '06 12 34 56 78' },
      secretariat,
    );
    expect(set.errors).toBeUndefined();
    expect(set.data!.setMemberContact).toMatchObject({
      personId: claire,
      email: 'claire.martin@mairie-besancon.example.fr',
      mobilePhone: '+33612345678',
      accountEmail: 'claire.martin@demo.cartable.fr',
      accountMobilePhone: null,
      smsAlerts: false,
    });
    expect(set.data!.setMemberContact.updatedAt).not.toBeNull();
    const read = await harness.graphql<{ body: { memberContacts: Contact[] } }>(contactsQuery, {}, secretariat);
    expect(read.errors).toBeUndefined();
    expect(read.data!.body.memberContacts.find((contact) => contact.personId === claire)).toEqual(set.data!.setMemberContact);
    expect(read.data!.body.memberContacts.filter((contact) => contact.email !== null || contact.mobilePhone !== null)).toHaveLength(1);

    // The body's email replaces hers; no SMS: she has not consented.
    expect(await claireChannels(meetingId)).toEqual([{ channel: 'EMAIL', address: 'claire.martin@mairie-besancon.example.fr' }]);
    // She opts in with her own number: the body's number is the one used.
    const optIn = await harness.graphql(
      'mutation { updateAlertPreferences(mobilePhone: "07 00 00 00 01", smsAlerts: true) { smsAlerts } }',
      {},
      await harness.token('claire.martin'),
    );
    expect(optIn.errors).toBeUndefined();
    expect(await claireChannels(meetingId)).toEqual([
      { channel: 'EMAIL', address: 'claire.martin@mairie-besancon.example.fr' },
      { channel: 'SMS', address: '+33612345678' },
    ]);

    // Only the phone cleared: her account's number comes back; both cleared: the row goes.
    const phoneCleared = await harness.graphql<{ setMemberContact: Contact }>(
      setContact,
      { bodyId, personId: claire, email: 'claire.martin@mairie-besancon.example.fr', phone: ' ' },
      secretariat,
    );
    expect(phoneCleared.data!.setMemberContact).toMatchObject({ mobilePhone: null, accountMobilePhone: '+33700000001', smsAlerts: true });
    expect(await claireChannels(meetingId)).toContainEqual({ channel: 'SMS', address: '+33700000001' });
    const cleared = await harness.graphql<{ setMemberContact: Contact }>(
      setContact,
      { bodyId, personId: claire, email: null, phone: null },
      secretariat,
    );
    expect(cleared.data!.setMemberContact).toMatchObject({ email: null, mobilePhone: null, updatedAt: null });
    expect(await claireChannels(meetingId)).toEqual([
      { channel: 'EMAIL', address: 'claire.martin@demo.cartable.fr' },
      { channel: 'SMS', address: '+33700000001' },
    ]);
    const { em } = await databaseOf(harness).body('ville-besancon');
    expect(await em.count(MemberContact, {})).toBe(0);
  });

  it('refuses an official, someone not a member, a bad email and a bad phone, writing nothing', async () => {
    const { body, em } = await databaseOf(harness).body('ville-besancon');
    const refusal = async (variables: Record<string, unknown>, token = secretariat) => {
      const result = await harness.graphql(setContact, { bodyId: body.id, personId: claire, ...variables }, token);
      expect(result.data ?? null).toBeNull();
      return { ...result.errors![0]!.extensions, message: result.errors![0]!.message };
    };
    const officialToken = await harness.token('paul.bernard');
    expect(await refusal({ email: 'ailleurs@example.org' }, officialToken)).toMatchObject({ code: 'NOT_FOUND' });
    const officialRead = await harness.graphql(contactsQuery, {}, officialToken);
    expect(officialRead.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const stranger = await databaseOf(harness).personId('secretariat.doubs');
    expect(await refusal({ personId: stranger, email: 'ailleurs@example.org' })).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Personne introuvable dans cet organisme.',
    });
    expect(await refusal({ personId: 'pas-un-id', email: 'ailleurs@example.org' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal({ email: 'claire.martin@' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'email',
      message: 'Adresse électronique invalide.',
    });
    expect(await refusal({ email: `${'a'.repeat(250)}@example.org` })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    expect(await refusal({ email: 'claire@example.org', phone: '12' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'mobilePhone',
      message: 'Numéro de téléphone mobile invalide.',
    });
    expect(await em.count(MemberContact, {})).toBe(0);
  });
});
