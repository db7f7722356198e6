import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Convocation } from '../../src/body/convocations/convocation.entity.js';
import { inspectPdf } from '../../src/media/pdf-inspector.js';
import { smsProvider, startHarness, testPublicUrl, type TestHarness } from '../helpers/harness.js';
import { attachDocument, createMeeting, databaseOf, sendMutation } from './fixtures.js';

// What the secretariat console reads besides the convocation API: the preview of a send, the paper
// choices, the attendance sheet.
let harness: TestHarness;
let token: string;
beforeAll(async () => {
  harness = await startHarness({ environment: { JOBS_CONCURRENCY: '0', ...smsProvider } });
  token = await harness.token('secretariat.ville');
});
afterAll(() => harness?.close());

type Preview = {
  recipients: {
    personId: string;
    displayName: string;
    votingRight: boolean;
    mode: string;
    channels: { channel: string; address: string }[];
  }[];
  urgentDeadline: { clearDays: number; article: string; urgent: boolean; latestSendDate: string };
  missingSynthesis: string[];
};

const previewQuery = `query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) {
  convocationPreview { recipients { personId displayName votingRight mode channels { channel address } } urgentDeadline { clearDays article urgent latestSendDate } missingSynthesis }
  convocationDeadline { clearDays latestSendDate }
} } }`;

describe('the preview of a convocation', () => {
  it('lists who a send would reach, through which channels, as the send then does', async () => {
    const { bodyId, meetingId } = await createMeeting(harness, token, 'ville-besancon', { inDays: 20, items: 1 });
    const db = databaseOf(harness);
    const paul = await db.personId('paul.bernard');
    const claire = await db.personId('claire.martin');
    const paper = await harness.graphql(
      'mutation ($bodyId: UUID!, $personId: UUID!) { setPaperConvocation(bodyId: $bodyId, personId: $personId, postalAddress: "12 rue de la République\\n25000 Besançon") }',
      { bodyId, personId: paul },
      token,
    );
    expect(paper.errors).toBeUndefined();
    const sms = await harness.graphql(
      'mutation { updateAlertPreferences(mobilePhone: "+33612345678", smsAlerts: true) { smsAlerts } }',
      {},
      await harness.token('claire.martin'),
    );
    expect(sms.errors).toBeUndefined();

    const result = await harness.graphql<{
      body: { meeting: { convocationPreview: Preview; convocationDeadline: { clearDays: number; latestSendDate: string } } };
    }>(previewQuery, { id: meetingId }, token);
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
    // A commune of 3,500+ inhabitants: every deliberation needs its note, which the preview says is missing.
    expect(preview.missingSynthesis).toEqual(['1']);

    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, {
      kind: 'NOTE_SYNTHESE',
      title: 'Note explicative de synthèse',
    });
    const complete = await harness.graphql<{ body: { meeting: { convocationPreview: Preview } } }>(previewQuery, { id: meetingId }, token);
    expect(complete.data!.body.meeting.convocationPreview.missingSynthesis).toEqual([]);
    const sent = await harness.graphql<{ sendConvocation: { id: string } }>(sendMutation, { bodyId, input: { meetingId } }, token);
    expect(sent.errors).toBeUndefined();
    const { em } = await db.body('ville-besancon');
    const manifest = (await em.findOneOrFail(Convocation, { id: sent.data!.sendConvocation.id })).manifest;
    expect(
      manifest.recipients.map((recipient) => ({ personId: recipient.personId, mode: recipient.mode, channels: recipient.channels })),
    ).toEqual(
      preview.recipients.map((recipient) => ({
        personId: recipient.personId,
        mode: recipient.mode,
        channels: recipient.channels.map((channel) => channel.channel),
      })),
    );
  });

  it('is for the body’s secretariat only, even on a meeting officials see', async () => {
    const { bodyId, meetingId } = await createMeeting(harness, token, 'ville-besancon', { inDays: 20, items: 1 });
    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, {
      kind: 'NOTE_SYNTHESE',
      title: 'Note explicative de synthèse',
    });
    expect((await harness.graphql(sendMutation, { bodyId, input: { meetingId } }, token)).errors).toBeUndefined();
    const official = await harness.graphql<{ body: { meeting: { title: string; convocationPreview: Preview | null } | null } }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { title convocationPreview { recipients { personId } } } } }',
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
      harness.graphql(
        'mutation ($bodyId: UUID!, $personId: UUID!, $address: String) { setPaperConvocation(bodyId: $bodyId, personId: $personId, postalAddress: $address) }',
        { bodyId: body.id, personId: karim, address: postalAddress },
        token,
      );
    const choices = async (login = 'secretariat.ville') =>
      harness.graphql<{ body: { paperConvocations: { personId: string; postalAddress: string }[] } }>(
        '{ body(slug: "ville-besancon") { paperConvocations { personId postalAddress requestedAt } } }',
        {},
        await harness.token(login),
      );
    expect((await set('3 place du Huit-Septembre, 25000 Besançon')).errors).toBeUndefined();
    expect((await choices()).data!.body.paperConvocations).toContainEqual(
      expect.objectContaining({ personId: karim, postalAddress: '3 place du Huit-Septembre, 25000 Besançon' }),
    );
    expect((await set(null)).errors).toBeUndefined();
    expect((await choices()).data!.body.paperConvocations.map((choice) => choice.personId)).not.toContain(karim);
    expect((await choices('claire.martin')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('counts an address in characters, as PostgreSQL does: 4 characters of which one astral is too short, not a 500', async () => {
    const db = databaseOf(harness);
    const { body } = await db.body('ville-besancon');
    const karim = await db.personId('karim.benali');
    const set = (address: string | null) =>
      harness.graphql(
        'mutation ($bodyId: UUID!, $personId: UUID!, $address: String) { setPaperConvocation(bodyId: $bodyId, personId: $personId, postalAddress: $address) }',
        { bodyId: body.id, personId: karim, address },
        token,
      );
    // 5 UTF-16 code units, 4 characters (the fuzz run's find).
    const tooShort = await set('p(\u{8fffd}û');
    expect(tooShort.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'postalAddress' },
      message: 'Adresse postale invalide (5 à 500 caractères).',
    });
    // 500 characters of which astral ones (1,000 code units) is still a valid length.
    expect((await set('🏛'.repeat(500))).errors).toBeUndefined();
    expect((await set('🏛'.repeat(501))).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await set(null)).errors).toBeUndefined();
  });
});

const answerMutation =
  'mutation ($bodyId: UUID!, $input: AnswerConvocationInput!) { answerConvocation(bodyId: $bodyId, input: $input) { id } }';
const sheetQuery = 'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { proof { attendanceSheetUrl } } } }';

describe('the feuille d’émargement', () => {
  it('lists the officials convened with their announced answers and proxies, and a box to sign', async () => {
    const { bodyId, meetingId } = await createMeeting(harness, token, 'ville-besancon', {
      inDays: 20,
      items: 1,
      title: 'Conseil municipal de décembre',
    });
    const before = await harness.graphql<{ body: { meeting: { proof: null } } }>(sheetQuery, { id: meetingId }, token);
    expect(before.data!.body.meeting.proof).toBeNull();

    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, {
      kind: 'NOTE_SYNTHESE',
      title: 'Note explicative de synthèse',
    });
    expect((await harness.graphql(sendMutation, { bodyId, input: { meetingId } }, token)).errors).toBeUndefined();
    const db = databaseOf(harness);
    const present = await harness.graphql(
      answerMutation,
      { bodyId, input: { meetingId, response: 'PRESENT' } },
      await harness.token('claire.martin'),
    );
    expect(present.errors).toBeUndefined();
    const proxy = await harness.graphql(
      answerMutation,
      {
        bodyId,
        input: {
          meetingId,
          response: 'PROXY',
          proxyHolderId: await db.personId('sophie.lambert'),
          onBehalfOf: await db.personId('paul.bernard'),
        },
      },
      token,
    );
    expect(proxy.errors).toBeUndefined();

    const links = await harness.graphql<{ body: { meeting: { proof: { attendanceSheetUrl: string } } } }>(
      sheetQuery,
      { id: meetingId },
      token,
    );
    const url = links.data!.body.meeting.proof.attendanceSheetUrl;
    expect(url).toMatch(new RegExp(`^${testPublicUrl}/proof/[^/]+/emargement\\.pdf$`));
    const response = await harness.http
      .get(url.replace(testPublicUrl, ''))
      .buffer(true)
      .parse((reply, done) => {
        const chunks: Buffer[] = [];
        reply.on('data', (chunk: Buffer) => chunks.push(chunk));
        reply.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/pdf/);
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'cartable-sheet-')), 'emargement.pdf');
    await writeFile(file, response.body as Buffer);
    const text = (await inspectPdf(file)).pages
      .map((page) => page.text)
      .join('\n')
      .replace(/\s+/g, ' ');
    expect(text).toContain('Feuille d’émargement');
    expect(text).toContain('Conseil municipal de décembre');
    expect(text).toMatch(/Claire Martin Présent\(e\)/);
    expect(text).toMatch(/Paul Bernard Absent\(e\), pouvoir Pouvoir donné à Sophie Lambert/);
    expect(text).toMatch(/Sophie Lambert Sans réponse Pouvoir de Paul Bernard/);
    expect(text).toContain('Membres en exercice ayant voix délibérative : 9. Quorum : 5');
    // The nine councillors, in the order of the names.
    const order = [
      'Anne Vignot',
      'Claire Martin',
      'Élodie Roussel',
      'Jean-Marc Girard',
      'Karim Benali',
      'Nadia Haddad',
      'Paul Bernard',
      'Sophie Lambert',
      'Thomas Vidal',
    ].map((name) => text.indexOf(name));
    expect(order.every((position, index) => position > 0 && (index === 0 || position > order[index - 1]!))).toBe(true);
  });

  it('is handed to the body’s secretariat only', async () => {
    const { bodyId, meetingId } = await createMeeting(harness, token, 'ville-besancon', { inDays: 20, items: 1 });
    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, {
      kind: 'NOTE_SYNTHESE',
      title: 'Note explicative de synthèse',
    });
    expect((await harness.graphql(sendMutation, { bodyId, input: { meetingId } }, token)).errors).toBeUndefined();
    const official = await harness.graphql(sheetQuery, { id: meetingId }, await harness.token('claire.martin'));
    expect(official.errors?.[0]).toMatchObject({ path: ['body', 'meeting', 'proof'], extensions: { code: 'NOT_FOUND' } });
    expect((await harness.http.get('/proof/forged.link/emargement.pdf')).status).toBe(404);
  });
});
