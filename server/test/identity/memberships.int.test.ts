import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Person } from '../../src/platform/people/person.entity.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

let harness: TestHarness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

const bodyId = async (slug: string, username: string) => {
  const result = await harness.graphql<{ body: { id: string } }>(
    'query ($slug: String!) { body(slug: $slug) { id } }',
    { slug },
    await harness.token(username),
  );
  return result.data!.body.id;
};

const addMember = `mutation ($bodyId: UUID!, $input: AddMemberInput!) {
  addMember(bodyId: $bodyId, input: $input) {
    linkedExistingAccount invitationSent
    membership { id roles mandateStart body { slug } person { id displayName email } }
  }
}`;

const meQuery = '{ me { id displayName coordinator memberships { roles mandateStart mandateEnd body { slug name kind } } } }';

type Me = {
  me: {
    id: string;
    coordinator: boolean;
    memberships: { roles: string[]; mandateStart: string | null; body: { slug: string; kind: string } }[];
  };
};

describe('one account across bodies', () => {
  it('gives claire.martin one person with three memberships', async () => {
    const result = await harness.graphql<Me>(meQuery, {}, await harness.token('claire.martin'));
    expect(result.errors).toBeUndefined();
    expect(result.data!.me.coordinator).toBe(false);
    expect(
      result.data!.me.memberships.map((membership) => [
        membership.body.slug,
        membership.body.kind,
        membership.roles,
        membership.mandateStart,
      ]),
    ).toEqual([
      ['departement-doubs', 'DEPARTEMENT', ['OFFICIAL'], '2021-07-01'],
      ['grand-besancon-metropole', 'EPCI', ['OFFICIAL'], '2026-04-10'],
      ['ville-besancon', 'COMMUNE', ['OFFICIAL'], '2026-03-22'],
    ]);
  });

  it("links claire.martin's existing account when a fourth body adds her email", async () => {
    const people = await harness.runtime.orm.em.fork().count(Person, {});
    const region = await bodyId('region-bfc', 'coordination');
    const result = await harness.graphql<{
      addMember: { linkedExistingAccount: boolean; invitationSent: boolean; membership: { person: { displayName: string } } };
    }>(
      addMember,
      {
        bodyId: region,
        input: { email: 'Claire.Martin@demo.cartable.fr', displayName: 'Claire Martin', roles: ['OFFICIAL'], mandateStart: '2021-07-02' },
      },
      await harness.token('coordination'),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.addMember).toMatchObject({
      linkedExistingAccount: true,
      invitationSent: false,
      membership: { person: { displayName: 'Claire Martin' } },
    });
    expect(await harness.runtime.orm.em.fork().count(Person, {})).toBe(people);
    const me = await harness.graphql<Me>(meQuery, {}, await harness.token('claire.martin'));
    expect(me.data!.me.memberships.map((membership) => membership.body.slug)).toContain('region-bfc');
    expect(me.data!.me.memberships).toHaveLength(4);
  });

  it('refuses to seat the same person twice in a body', async () => {
    const ville = await bodyId('ville-besancon', 'secretariat.ville');
    const result = await harness.graphql(
      addMember,
      { bodyId: ville, input: { email: 'paul.bernard@demo.cartable.fr', displayName: 'Paul Bernard', roles: ['OFFICIAL'] } },
      await harness.token('secretariat.ville'),
    );
    expect(result.errors?.[0]).toMatchObject({
      message: 'Cette personne est déjà membre de cet organisme.',
      extensions: { code: 'CONFLICT' },
    });
  });

  it('creates an account for a newcomer, invites them, and their first login lands in the body', async () => {
    const ville = await bodyId('ville-besancon', 'secretariat.ville');
    const result = await harness.graphql<{ addMember: { linkedExistingAccount: boolean; invitationSent: boolean } }>(
      addMember,
      { bodyId: ville, input: { email: 'lea.nouvelle@demo.cartable.fr', displayName: 'Léa Nouvelle', roles: ['SECRETARIAT'] } },
      await harness.token('secretariat.ville'),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.addMember).toMatchObject({ linkedExistingAccount: false, invitationSent: true });

    // The invitation is a one-time "choose your password" link of the identity provider.
    const stored = JSON.parse(await readFile(path.join(harness.dataDir, 'embedded-accounts.json'), 'utf8'));
    const [key] = Object.keys(stored.actionTokens);
    const page = await harness.http.get('/realms/cartable/login-actions/action-token').query({ key });
    expect(page.text).toContain('Choisissez votre mot de passe');
    const tooShort = await harness.http
      .post('/realms/cartable/login-actions/action-token')
      .type('form')
      .send({ key, password: 'court', confirmation: 'court' });
    expect(tooShort.status).toBe(400);
    const chosen = await harness.http
      .post('/realms/cartable/login-actions/action-token')
      .type('form')
      .send({ key, password: 'un mot de passe solide', confirmation: 'un mot de passe solide' });
    expect(chosen.status).toBe(200);
    const reused = await harness.http
      .post('/realms/cartable/login-actions/action-token')
      .type('form')
      .send({ key, password: 'un autre mot de passe', confirmation: 'un autre mot de passe' });
    expect(reused.status).toBe(400);

    const token = await harness.token('lea.nouvelle@demo.cartable.fr', 'un mot de passe solide');
    const me = await harness.graphql<Me>(meQuery, {}, token);
    expect(me.data!.me.memberships.map((membership) => [membership.body.slug, membership.roles])).toEqual([
      ['ville-besancon', ['SECRETARIAT']],
    ]);
  });

  it('lets a secretariat seat officials but not grant staff roles', async () => {
    const ville = await bodyId('ville-besancon', 'secretariat.ville');
    const lea = await harness.token('lea.nouvelle@demo.cartable.fr', 'un mot de passe solide');
    const official = await harness.graphql(
      addMember,
      { bodyId: ville, input: { email: 'marc.conseiller@demo.cartable.fr', displayName: 'Marc Conseiller', roles: ['OFFICIAL'] } },
      lea,
    );
    expect(official.errors).toBeUndefined();
    const admin = await harness.graphql(
      addMember,
      { bodyId: ville, input: { email: 'autre.admin@demo.cartable.fr', displayName: 'Autre Admin', roles: ['BODY_ADMIN'] } },
      lea,
    );
    expect(admin.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('removing a seat keeps the person and their other seats', async () => {
    const secretariat = await harness.token('secretariat.ville');
    const ville = await bodyId('ville-besancon', 'secretariat.ville');
    const members = await harness.graphql<{ body: { members: { id: string; person: { email: string } }[] } }>(
      'query ($slug: String!) { body(slug: $slug) { members { id person { email } } } }',
      { slug: 'ville-besancon' },
      secretariat,
    );
    const claireSeat = members.data!.body.members.find((member) => member.person.email === 'claire.martin@demo.cartable.fr')!;
    const removed = await harness.graphql(
      'mutation ($bodyId: UUID!, $id: UUID!) { removeMember(bodyId: $bodyId, membershipId: $id) }',
      { bodyId: ville, id: claireSeat.id },
      secretariat,
    );
    expect(removed.data).toEqual({ removeMember: claireSeat.id });
    const me = await harness.graphql<Me>(meQuery, {}, await harness.token('claire.martin'));
    expect(me.data!.me.memberships.map((membership) => membership.body.slug)).toEqual([
      'departement-doubs',
      'grand-besancon-metropole',
      'region-bfc',
    ]);
  });

  it('keeps at least one administrator in a body', async () => {
    const doubsToken = await harness.token('secretariat.doubs');
    const members = await harness.graphql<{ body: { id: string; members: { id: string; roles: string[] }[] } }>(
      '{ body(slug: "departement-doubs") { id members { id roles } } }',
      {},
      doubsToken,
    );
    const admin = members.data!.body.members.find((member) => member.roles.includes('BODY_ADMIN'))!;
    const result = await harness.graphql(
      'mutation ($bodyId: UUID!, $id: UUID!) { updateMembership(bodyId: $bodyId, membershipId: $id, input: { roles: [SECRETARIAT] }) { id } }',
      { bodyId: members.data!.body.id, id: admin.id },
      doubsToken,
    );
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
  });

  it('explains bad input in French with a stable code', async () => {
    const ville = await bodyId('ville-besancon', 'secretariat.ville');
    const token = await harness.token('secretariat.ville');
    const badEmail = await harness.graphql(
      addMember,
      { bodyId: ville, input: { email: 'pas-une-adresse', displayName: 'X', roles: ['OFFICIAL'] } },
      token,
    );
    expect(badEmail.errors?.[0]).toMatchObject({
      message: 'Données invalides.',
      extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'email', constraints: { isEmail: 'Adresse électronique invalide.' } }] },
    });
    const noRole = await harness.graphql(addMember, { bodyId: ville, input: { email: 'a@b.fr', displayName: 'X', roles: [] } }, token);
    expect(noRole.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badDates = await harness.graphql(
      addMember,
      {
        bodyId: ville,
        input: { email: 'a@b.fr', displayName: 'X', roles: ['OFFICIAL'], mandateStart: '2026-05-01', mandateEnd: '2026-01-01' },
      },
      token,
    );
    expect(badDates.errors?.[0]).toMatchObject({
      message: 'La fin du mandat précède son début.',
      extensions: { code: 'BAD_USER_INPUT', field: 'mandateEnd' },
    });
    const badRole = await harness.graphql(
      addMember,
      { bodyId: ville, input: { email: 'a@b.fr', displayName: 'X', roles: ['MAIRE'] } },
      token,
    );
    expect(badRole.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
