import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgendaItem } from '../../src/body/agenda/agenda-item.entity.js';
import { Assembly } from '../../src/body/assemblies/assembly.entity.js';
import { Meeting } from '../../src/body/meetings/meeting.entity.js';
import { uuidv7 } from '../../src/common/ids.js';
import { LedgerEntry } from '../../src/evidence/ledger-entry.entity.js';
import { Body } from '../../src/platform/bodies/body.entity.js';
import { Person } from '../../src/platform/people/person.entity.js';
import { bodySchemaName } from '../../src/tenancy/schema-name.js';
import { startHarness, testPublicUrl, type TestHarness } from '../helpers/harness.js';
import { verifySignatures } from './pades-verify.js';

let harness: TestHarness;
let ville: Body;
let em: () => EntityManager;
let meetingId: string;
let itemIds: string[];
const people: Record<string, string> = {};

const fields = `id number status version title matiereName pdfUrl vote { result } signatories { personId role signed } signatures { signerName role }`;
const create = `mutation ($bodyId: UUID!, $meetingId: UUID!, $itemId: UUID, $input: DeliberationInput!) {
  createDeliberation(bodyId: $bodyId, meetingId: $meetingId, agendaItemId: $itemId, input: $input) { ${fields} } }`;
const vote = `mutation ($bodyId: UUID!, $id: UUID!, $vote: DeliberationVoteInput!) { recordDeliberationVote(bodyId: $bodyId, id: $id, vote: $vote) { ${fields} } }`;
const finalise = `mutation ($bodyId: UUID!, $id: UUID!) { finaliseDeliberation(bodyId: $bodyId, id: $id) { ${fields} } }`;
const revise = `mutation ($bodyId: UUID!, $id: UUID!) { reviseDeliberation(bodyId: $bodyId, id: $id) { ${fields} } }`;
const update = `mutation ($bodyId: UUID!, $id: UUID!, $input: DeliberationInput!) { updateDeliberation(bodyId: $bodyId, id: $id, input: $input) { ${fields} } }`;
const sign = `mutation ($bodyId: UUID!, $id: UUID!, $version: Int!) { signDeliberation(bodyId: $bodyId, id: $id, version: $version) { ${fields} } }`;
const publish = `mutation ($bodyId: UUID!, $id: UUID!) { publishDeliberation(bodyId: $bodyId, id: $id, author: { name: "Claire Martin", quality: "Présidente de séance" }) { ${fields} publishedAt } }`;
const toSign = `query ($bodyId: UUID!) { deliberationsToSign(bodyId: $bodyId) { id number } }`;

type Act = {
  id: string;
  number: string | null;
  status: string;
  version: number;
  pdfUrl: string | null;
  signatories: { signed: boolean }[];
  signatures: { signerName: string }[];
};

async function as<T = Act>(username: string, query: string, variables: Record<string, unknown>) {
  const result = await harness.graphql<Record<string, T>>(query, { bodyId: ville.id, ...variables }, await harness.token(username));
  return { value: result.data ? Object.values(result.data)[0]! : null, error: result.errors?.[0] };
}

const pdfOf = async (url: string) =>
  Buffer.from(
    (
      await harness.http
        .get(url.slice(testPublicUrl.length))
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        })
    ).body as Buffer,
  );

beforeAll(async () => {
  harness = await startHarness();
  ville = await harness.runtime.orm.em.fork().findOneOrFail(Body, { slug: 'ville-besancon' });
  em = () => harness.runtime.orm.em.fork({ schema: bodySchemaName(ville.id) });
  for (const person of await harness.runtime.orm.em.fork().find(Person, {})) people[person.displayName] = person.id;
  const tx = em();
  const assembly = await tx.findOneOrFail(Assembly, { kind: 'CONSEIL_MUNICIPAL' });
  const meeting = tx.create(Meeting, {
    id: uuidv7(),
    assembly,
    title: 'Conseil municipal',
    startsAt: new Date('2026-11-16T17:00:00Z'),
    place: 'Hôtel de Ville',
    status: 'HELD',
  });
  const items = [
    'Budget supplémentaire 2026',
    'Subvention au club de football',
    'Tarifs des piscines',
    'Dénomination d’une rue',
    'Convention avec le CCAS',
    'Tarifs de la médiathèque',
    'Garantie d’emprunt',
  ].map((title, position) =>
    tx.create(AgendaItem, {
      id: uuidv7(),
      meeting,
      parentId: null,
      position: position + 1,
      title,
      kind: 'DELIBERATION',
      rapporteur: 'M. l’Adjoint aux finances',
      icpe: false,
      closedSession: false,
    }),
  );
  await tx.flush();
  meetingId = meeting.id;
  itemIds = items.map((item) => item.id);
});
afterAll(() => harness?.close());

const secretariat = 'secretariat.ville';
const goodVote = { effectif: 55, votants: 50, pour: 40, contre: 6, abstention: 4 };

describe('délibérations', () => {
  it('numbers, freezes, signs (président then secrétaire, restarting after a revision) and publishes an act, refusing what the law and the signature forbid', async () => {
    const input = {
      matiereCode: '7.1',
      dispositif: 'Article 1 : le budget supplémentaire 2026 est adopté.',
      presidentId: people['Claire Martin'],
      secretaryIds: [people['Paul Bernard']],
    };
    expect(
      (await as(secretariat, create, { meetingId, itemId: itemIds[0], input: { ...input, matiereCode: '7.99' } })).error?.extensions?.code,
    ).toBe('BAD_USER_INPUT');
    expect(
      (
        await as(secretariat, create, {
          meetingId,
          itemId: itemIds[0],
          input: { ...input, secretaryIds: [people['Secrétariat des assemblées — Ville de Besançon']] },
        })
      ).error?.extensions?.code,
    ).toBe('BAD_USER_INPUT');
    // An official does not prepare acts: the body is not found for that (no existence confirmed).
    expect((await as('claire.martin', create, { meetingId, itemId: itemIds[0], input })).error?.extensions?.code).toBe('NOT_FOUND');
    const { value: draft } = await as(secretariat, create, { meetingId, itemId: itemIds[0], input });
    expect(draft).toMatchObject({ status: 'DRAFT', number: null, title: 'Budget supplémentaire 2026', version: 1 });
    const id = draft!.id;

    // Not finalised: no signature; no vote: no finalisation; a vote that does not add up is refused.
    expect((await as('claire.martin', sign, { id, version: 1 })).error?.extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'NOT_FINALISED',
    });
    expect((await as(secretariat, finalise, { id })).error?.extensions).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'NO_VOTE' });
    expect((await as(secretariat, vote, { id, vote: { ...goodVote, pour: 41 } })).error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await as(secretariat, vote, { id, vote: goodVote })).value).toMatchObject({ vote: { result: 'ADOPTED' } });

    const { value: finalised } = await as(secretariat, finalise, { id });
    expect(finalised).toMatchObject({ status: 'FINALISED', number: '2026-001' });
    expect((await as(secretariat, update, { id, input: { title: 'Autre objet' } })).error?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'ACT_FINALISED',
    });
    expect((await as('claire.martin', toSign, {})).value).toEqual([{ id, number: '2026-001' }]);
    const listed = await harness.graphql<{ deliberations: { id: string }[] }>(
      'query ($bodyId: UUID!) { deliberations(bodyId: $bodyId) { id meetingId } }',
      { bodyId: ville.id },
      await harness.token(secretariat),
    );
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.deliberations.map((act) => act.id)).toEqual([id]);

    // Only the président and the secrétaire sign, each once.
    expect((await as(secretariat, sign, { id, version: 1 })).error?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_A_SIGNATORY',
    });
    expect((await as('claire.martin', sign, { id, version: 1 })).value).toMatchObject({
      status: 'FINALISED',
      signatures: [{ signerName: 'Claire Martin' }],
    });
    expect((await as('claire.martin', sign, { id, version: 1 })).error?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'ALREADY_SIGNED',
    });
    expect((await as('claire.martin', toSign, {})).value).toEqual([]);

    // A revision is a new version: the earlier signature no longer counts, a signature of the old version is refused.
    expect((await as(secretariat, revise, { id })).value).toMatchObject({ status: 'DRAFT', version: 2, signatures: [] });
    await as(secretariat, update, { id, input: { dispositif: 'Article 1 : le budget supplémentaire 2026 est adopté tel qu’amendé.' } });
    expect((await as(secretariat, finalise, { id })).value).toMatchObject({ status: 'FINALISED', number: '2026-001', version: 2 });
    expect((await as('paul.bernard', sign, { id, version: 1 })).error?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'ACT_CHANGED',
    });
    expect((await as(secretariat, publish, { id })).error?.extensions).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'NOT_SIGNED' });
    await as('claire.martin', sign, { id, version: 2 });
    const { value: signed } = await as('paul.bernard', sign, { id, version: 2 });
    expect(signed).toMatchObject({ status: 'SIGNED', signatories: [{ signed: true }, { signed: true }] });
    expect((await as(secretariat, revise, { id })).value?.version).toBe(3);
    await as(secretariat, finalise, { id });
    await as('claire.martin', sign, { id, version: 3 });
    const { value: final } = await as('paul.bernard', sign, { id, version: 3 });

    const pdf = await pdfOf(final!.pdfUrl!);
    const checked = await verifySignatures(
      pdf,
      harness.runtime.acts.signing.rootPem,
      await harness.runtime.timestamps.certificateChainPem(),
    );
    expect(checked.map((signature) => signature.signer)).toEqual(['Claire Martin', 'Paul Bernard']);
    expect(pdf.toString('latin1')).toContain('<pdfaid:part>2</pdfaid:part>');

    const { value: published } = await as<Act & { publishedAt: string }>(secretariat, publish, { id });
    expect(published?.publishedAt).toBeTruthy();
    expect((await as(secretariat, revise, { id })).error?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ACT_PUBLISHED' });
    // The préfecture's acknowledgment (@CTES), entered by hand: the act is executory once published and acknowledged.
    const acknowledge = `mutation ($bodyId: UUID!, $id: UUID!, $ack: ActesAcknowledgmentInput!) { recordActesAcknowledgment(bodyId: $bodyId, id: $id, acknowledgment: $ack) { acknowledgmentId executoryAt publishedAt } }`;
    const receivedAt = new Date().toISOString();
    expect(
      (
        await as(secretariat, acknowledge, {
          id,
          ack: { prefectureId: 'Doubs', identifier: '025-212500565-20261116-2026_001-DE', receivedAt },
        })
      ).error?.extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'prefectureId' });
    const { value: acknowledged } = await as<{ acknowledgmentId: string; executoryAt: string; publishedAt: string }>(
      secretariat,
      acknowledge,
      {
        id,
        ack: { prefectureId: 'PREF025', identifier: '025-212500565-20261116-2026_001-DE', receivedAt },
      },
    );
    expect(acknowledged).toMatchObject({
      acknowledgmentId: '025-212500565-20261116-2026_001-DE',
      executoryAt: acknowledged!.publishedAt > receivedAt ? acknowledged!.publishedAt : receivedAt,
    });
    expect(
      (await as(secretariat, acknowledge, { id, ack: { prefectureId: 'PREF025', identifier: 'x', receivedAt } })).error?.extensions,
    ).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_ACKNOWLEDGED' });
    const kinds = (await em().find(LedgerEntry, { subjectId: id }, { orderBy: { sequence: 'asc' } })).map((entry) => entry.kind);
    expect(kinds.filter((kind) => kind === 'ACT_SIGNED')).toHaveLength(5);
    expect(kinds.slice(-2)).toEqual(['ACT_PUBLISHED', 'ACT_ACKNOWLEDGED']);

    // The public side, without login.
    const page = await harness.http.get('/public/ville-besancon/actes');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="fr">');
    expect(page.text).toContain('Délibération n° 2026-001 (PDF signé)');
    expect(page.text).toContain('Claire Martin, Présidente de séance');
    const permanent = `/public/ville-besancon/actes/${id}.pdf`;
    expect(page.text).toContain(`${testPublicUrl}${permanent}`);
    expect((await pdfOf(`${testPublicUrl}${permanent}`)).equals(pdf)).toBe(true);
    const list = await harness.http.get(`/public/ville-besancon/seances/${meetingId}/liste-des-deliberations.pdf`);
    expect(list.status).toBe(200);
    expect(list.type).toBe('application/pdf');
    expect(page.text).toContain(`/public/ville-besancon/seances/${meetingId}/liste-des-deliberations.pdf`);
    expect((await harness.http.get(`/public/ville-besancon/seances/not-a-uuid/liste-des-deliberations.pdf`)).status).toBe(404);
    const feed = await harness.http.get('/public/ville-besancon/actes.atom');
    expect(feed.type).toBe('application/atom+xml');
    expect(feed.text).toContain(`<id>urn:uuid:${id}</id>`);

    const withoutSiret = await harness.http.get('/public/ville-besancon/deliberations.csv');
    expect(withoutSiret.status).toBe(409);
    expect(withoutSiret.body).toMatchObject({ error: 'SIRET_MISSING' });
    await harness.runtime.orm.em.fork().execute('update platform.body set siret = ? where id = ?', ['21250056500011', ville.id]);
    const csv = await harness.http.get('/public/ville-besancon/deliberations.csv');
    expect(csv.status).toBe(200);
    expect(csv.text.split('\r\n')).toEqual([
      'COLL_NOM,COLL_SIRET,DELIB_ID,DELIB_DATE,DELIB_MATIERE_CODE,DELIB_MATIERE_NOM,DELIB_OBJET,BUDGET_ANNEE,BUDGET_NOM,PREF_ID,PREF_DATE,VOTE_EFFECTIF,VOTE_REEL,VOTE_POUR,VOTE_CONTRE,VOTE_ABSTENTION,DELIB_URL',
      `Ville de Besançon,21250056500011,2026-001,2026-11-16,7.1,finances locales/décisions budgétaires,Budget supplémentaire 2026,,,PREF025,${new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(receivedAt))},55,50,40,6,4,${testPublicUrl}${permanent}`,
      '',
    ]);
  });

  it('gives gap-free numbers to acts finalised at the same time', async () => {
    const ids: string[] = [];
    for (const itemId of itemIds.slice(1)) {
      const { value } = await as(secretariat, create, {
        meetingId,
        itemId,
        input: { matiereCode: '7.5', dispositif: 'Article unique.', secretaryIds: [people['Paul Bernard']] },
      });
      await as(secretariat, vote, { id: value!.id, vote: goodVote });
      ids.push(value!.id);
    }
    const results = await Promise.all(ids.map((id) => as(secretariat, finalise, { id })));
    const numbers = results.map((result) => result.value?.number);
    expect(numbers.sort()).toEqual(['2026-002', '2026-003', '2026-004', '2026-005', '2026-006', '2026-007']);
  });

  it('numbers in the body’s format, and lets only a commune under 3,500 inhabitants choose another publicity', async () => {
    const settings = `mutation ($bodyId: UUID!, $input: ActSettingsInput!) { updateActSettings(bodyId: $bodyId, input: $input) { numberFormat publicityMode publicityModeSince } }`;
    expect((await as(secretariat, settings, { input: { numberFormat: 'sans numéro' } })).error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await as(secretariat, settings, { input: { numberFormat: 'DEL-{YYYY}-{NNNN}' } })).value).toMatchObject({
      numberFormat: 'DEL-{YYYY}-{NNNN}',
    });
    const { value } = await as(secretariat, create, {
      meetingId,
      itemId: null,
      input: { title: 'Vœu pour la gare', matiereCode: '9.4', dispositif: 'Article unique.', secretaryIds: [people['Paul Bernard']] },
    });
    await as(secretariat, vote, { id: value!.id, vote: goodVote });
    expect((await as(secretariat, finalise, { id: value!.id })).value?.number).toBe('DEL-2026-0008');

    const paper = { publicityMode: 'PAPER_DISPLAY', publicityModeSince: '2026-04-02' };
    expect((await as(secretariat, settings, { input: paper })).error?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'publicityMode',
    });
    await harness.runtime.orm.em.fork().execute('update platform.body set population = 2400 where id = ?', [ville.id]);
    expect((await as(secretariat, settings, { input: { publicityMode: 'PAPER_DISPLAY' } })).error?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'publicityModeSince',
    });
    expect((await as(secretariat, settings, { input: paper })).value).toMatchObject(paper);
    const page = await harness.http.get('/public/ville-besancon/actes');
    expect(page.text).toContain('la publicité légale des actes de Ville de Besançon se fait par affichage');
    await harness.runtime.orm.em.fork().execute('update platform.body set population = 117000 where id = ?', [ville.id]);
  });
});
