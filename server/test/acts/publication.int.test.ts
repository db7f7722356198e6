import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import tar from 'tar-stream';
import { inspectPdf } from '../../src/media/pdf-inspector.js';
import { Meeting } from '../../src/body/meetings/meeting.entity.js';
import { AgendaItem } from '../../src/body/agenda/agenda-item.entity.js';
import { LedgerEntry } from '../../src/evidence/ledger-entry.entity.js';
import { uuidv7 } from '../../src/common/ids.js';
import { binaryBody } from '../helpers/binary-body.js';
import { testPublicUrl, type TestHarness } from '../helpers/harness.js';
import { databaseOf } from '../convocations/fixtures.js';
import { failure, meetingToday, seanceClient, startVilleSeance } from '../seance/fixtures.js';

// What the secretariat's acts screens rely on beyond writing and signing: the public ballot's names in
// the procès-verbal (L2121-15), the PV's publication on the public page, the registre pages (R2121-9) and
// the files an approved @CTES operator takes for a signed act.
let harness: TestHarness;
let secretariat: string;
let ids: Record<string, string>;
let tokens: Record<string, string>;
beforeAll(async () => {
  ({ harness, secretariat, ids, tokens } = await startVilleSeance());
});
afterAll(() => harness?.close());

const some = (...logins: string[]) => logins.map((login) => ids[login]!);

async function gql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, token = secretariat) {
  const result = await harness.graphql<Record<string, T>>(query, variables, token);
  return { value: result.data ? Object.values(result.data)[0]! : null, failure: failure(result) };
}

async function download(url: string): Promise<Buffer> {
  const response = await harness.http
    .get(url.startsWith(testPublicUrl) ? url.slice(testPublicUrl.length) : url)
    .buffer(true)
    .parse(binaryBody);
  expect(response.status).toBe(200);
  return response.body as Buffer;
}

async function pdfText(bytes: Buffer): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'cartable-acts-')), 'document.pdf');
  await writeFile(file, bytes);
  return (await inspectPdf(file)).pages.map((page) => page.text).join('\n');
}

async function untar(bytes: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk) => chunks.push(chunk as Buffer));
    stream.on('end', () => {
      files.set(header.name, Buffer.concat(chunks));
      next();
    });
  });
  const finished = new Promise<void>((resolve) => extract.on('finish', () => resolve()));
  extract.end(gunzipSync(bytes));
  await finished;
  return files;
}

const sign =
  'mutation ($bodyId: UUID!, $id: UUID!, $version: Int!) { signDeliberation(bodyId: $bodyId, id: $id, version: $version) { status } }';

describe('after a séance with a public ballot', () => {
  it('names the voters in the PV, publishes the PV, prints the registre and packs the ACTES files', async () => {
    // A séance: seven present, Sophie Lambert's pouvoir to Paul Bernard; a public ballot by tablet on the first item.
    const meeting = await meetingToday(harness, secretariat, 2, [{ giverId: ids['sophie.lambert']!, holderId: ids['paul.bernard']! }]);
    const { bodyId, meetingId, itemIds } = meeting;
    const seance = seanceClient(harness, bodyId, meetingId);
    const present = ['anne.vignot', 'claire.martin', 'paul.bernard', 'karim.benali', 'nadia.haddad', 'thomas.vidal', 'elodie.roussel'];
    expect(
      (await seance.open(secretariat, { presentIds: some(...present), secretaryIds: some('claire.martin'), electronicVoting: true }))
        .errors,
    ).toBeUndefined();
    const opened = await seance.openVote(secretariat, {
      itemId: itemIds[0]!,
      method: 'PUBLIC',
      requestedBy: some('karim.benali', 'nadia.haddad'),
      electronic: true,
    });
    const voteId = opened.seance!.openVote!.id;
    for (const login of ['anne.vignot', 'claire.martin', 'karim.benali', 'paul.bernard'])
      expect((await seance.cast(tokens[login]!, voteId, 'FOR')).errors).toBeUndefined();
    expect((await seance.cast(tokens['paul.bernard']!, voteId, 'AGAINST', ids['sophie.lambert'])).errors).toBeUndefined();
    expect((await seance.cast(tokens['nadia.haddad']!, voteId, 'ABSTENTION')).errors).toBeUndefined();
    expect((await seance.closeVote(tokens['anne.vignot']!, voteId)).errors).toBeUndefined();
    expect((await seance.close(secretariat)).errors).toBeUndefined();

    // The délibération of the item, signed by the président and the secrétaire.
    const { value: act } = await gql<{ id: string; version: number; status: string }>(
      'mutation ($bodyId: UUID!, $meetingId: UUID!, $item: UUID!, $input: DeliberationInput!) { createDeliberation(bodyId: $bodyId, meetingId: $meetingId, agendaItemId: $item, input: $input) { id version status } }',
      {
        bodyId,
        meetingId,
        item: itemIds[0],
        input: { matiereCode: '7.1', dispositif: 'Article unique : les tarifs sont adoptés.', secretaryIds: some('claire.martin') },
      },
    );
    const { value: finalised } = await gql<{ number: string; version: number }>(
      'mutation ($bodyId: UUID!, $id: UUID!) { finaliseDeliberation(bodyId: $bodyId, id: $id) { number version } }',
      { bodyId, id: act!.id },
    );
    // The act's vote section names the voters of the public ballot too.
    const { value: finalisedActs } = await gql<{ pdfUrl: string }[]>(
      'query ($bodyId: UUID!, $meetingId: UUID!) { deliberations(bodyId: $bodyId, meetingId: $meetingId) { pdfUrl } }',
      { bodyId, meetingId },
    );
    const actText = (await pdfText(await download(finalisedActs![0]!.pdfUrl))).replace(/\s+/g, ' ');
    expect(actText).toContain('pour (4) : Anne Vignot, Claire Martin, Karim Benali, Paul Bernard');
    expect(actText).toContain('contre (1) : Sophie Lambert');
    const actesUrl = 'query ($bodyId: UUID!, $id: UUID!) { actesArchiveUrl(bodyId: $bodyId, id: $id) }';
    expect((await gql(actesUrl, { bodyId, id: act!.id })).failure).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'NOT_SIGNED' });
    for (const login of ['anne.vignot', 'claire.martin'])
      expect((await gql(sign, { bodyId, id: act!.id, version: finalised!.version }, tokens[login])).failure.message).toBeUndefined();

    // The procès-verbal names each voter of the public ballot and their choice.
    const { value: pv } = await gql<{ id: string }>(
      'mutation ($bodyId: UUID!, $meetingId: UUID!) { createProcesVerbal(bodyId: $bodyId, meetingId: $meetingId, input: {}) { id } }',
      { bodyId, meetingId },
    );
    const next = await databaseOf(harness).body('ville-besancon');
    const nextMeetingId = uuidv7();
    const em = harness.runtime.orm.em.fork({ schema: next.schema });
    const held = await em.findOneOrFail(Meeting, { id: meetingId }, { populate: ['assembly'] });
    em.create(Meeting, {
      id: nextMeetingId,
      assembly: held.assembly,
      title: 'Conseil municipal suivant',
      startsAt: new Date(held.startsAt.getTime() + 7 * 86_400_000),
      place: 'Hôtel de Ville',
      status: 'DRAFT',
    });
    await em.flush();
    const pvFields = 'id status publishedAt publicationDueAt pdfUrl';
    const { value: pvFinalised } = await gql<{ pdfUrl: string }>(
      `mutation ($bodyId: UUID!, $id: UUID!) { finaliseProcesVerbal(bodyId: $bodyId, id: $id) { ${pvFields} } }`,
      { bodyId, id: pv!.id },
    );
    const text = (await pdfText(await download(pvFinalised!.pdfUrl))).replace(/\s+/g, ' ');
    expect(text).toContain('Scrutin public — votes nominatifs');
    expect(text).toContain('pour (4) : Anne Vignot, Claire Martin, Karim Benali, Paul Bernard');
    expect(text).toContain('contre (1) : Sophie Lambert');
    expect(text).toContain('abstention (1) : Nadia Haddad');
    expect(text).toContain('2 membre(s) pouvant voter n’ont exprimé aucun vote');
    expect(text).not.toContain('en annexe');

    // Published once arrêté and signed, within the week after the séance that arrêta it.
    const publish = `mutation ($bodyId: UUID!, $id: UUID!) { publishProcesVerbal(bodyId: $bodyId, id: $id, author: { name: "Anne Vignot", quality: "Maire" }) { ${pvFields} } }`;
    expect((await gql(publish, { bodyId, id: pv!.id })).failure).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'NOT_SIGNED' });
    // The séance that arrêta it may be another one, convened with its own approval item.
    const later = em.create(Meeting, {
      id: uuidv7(),
      assembly: held.assembly,
      title: 'Conseil municipal d’après',
      startsAt: new Date(held.startsAt.getTime() + 9 * 86_400_000),
      place: 'Hôtel de Ville',
      status: 'CONVENED',
    });
    const approval = em.create(AgendaItem, {
      id: uuidv7(),
      meeting: later,
      parentId: null,
      position: 1,
      title: 'Approbation du procès-verbal de la séance précédente',
      kind: 'DELIBERATION',
      rapporteur: null,
      icpe: false,
      closedSession: false,
    });
    await em.flush();
    const schedule =
      'mutation ($bodyId: UUID!, $id: UUID!, $item: UUID!) { scheduleProcesVerbalArrete(bodyId: $bodyId, id: $id, agendaItemId: $item) { arreteMeetingId } }';
    expect((await gql(schedule, { bodyId, id: pv!.id, item: itemIds[1] })).failure).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'agendaItemId',
    });
    expect((await gql(schedule, { bodyId, id: pv!.id, item: approval.id })).value).toEqual({ arreteMeetingId: later.id });
    await em.nativeUpdate(Meeting, { id: later.id }, { status: 'HELD' });
    const { value: arrete } = await gql<{ publicationDueAt: string }>(
      `mutation ($bodyId: UUID!, $id: UUID!) { arreteProcesVerbal(bodyId: $bodyId, id: $id) { ${pvFields} } }`,
      { bodyId, id: pv!.id },
    );
    expect(new Date(arrete!.publicationDueAt).getTime()).toBe(held.startsAt.getTime() + 16 * 86_400_000);
    const toSign = 'query ($bodyId: UUID!) { procesVerbauxToSign(bodyId: $bodyId) { id meetingStartsAt } }';
    for (const login of ['anne.vignot', 'claire.martin']) {
      expect((await gql(toSign, { bodyId }, tokens[login])).value).toEqual([{ id: pv!.id, meetingStartsAt: held.startsAt.toISOString() }]);
      expect(
        (
          await gql(
            'mutation ($bodyId: UUID!, $id: UUID!) { signProcesVerbal(bodyId: $bodyId, id: $id) { status } }',
            { bodyId, id: pv!.id },
            tokens[login],
          )
        ).failure.message,
      ).toBeUndefined();
      expect((await gql(toSign, { bodyId }, tokens[login])).value).toEqual([]);
    }
    expect((await gql(toSign, { bodyId }, tokens['paul.bernard'])).value).toEqual([]);
    expect((await gql(publish, { bodyId, id: pv!.id }, tokens['claire.martin'])).failure.code).toMatch(/^(FORBIDDEN|NOT_FOUND)$/);
    const { value: published } = await gql<{ status: string; publishedAt: string | null }>(publish, { bodyId, id: pv!.id });
    expect(published).toMatchObject({ status: 'SIGNED', publishedAt: expect.any(String) });
    expect((await gql(publish, { bodyId, id: pv!.id })).failure).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_PUBLISHED' });
    const page = await harness.http.get('/public/ville-besancon/actes');
    expect(page.text).toContain('Procès-verbaux des séances');
    const pvLink = new RegExp(`href="${testPublicUrl}(/public/ville-besancon/proces-verbaux/${pv!.id}\\.pdf)"`).exec(page.text)?.[1];
    expect(pvLink).toBeDefined();
    expect((await download(pvLink!)).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await harness.http.get(`/public/ville-besancon/proces-verbaux/${uuidv7()}.pdf`)).status).toBe(404);
    expect(await em.fork().count(LedgerEntry, { kind: 'PV_PUBLISHED', subjectId: pv!.id })).toBe(1);

    // The registre pages of the year: the act's order number, the closing sheet with members present and signature spaces.
    const year = Number(finalised!.number.slice(0, 4));
    const { value: registreUrl } = await gql<string>('query ($bodyId: UUID!, $year: Int!) { registreUrl(bodyId: $bodyId, year: $year) }', {
      bodyId,
      year,
    });
    const registre = (await pdfText(await download(registreUrl!))).replace(/\s+/g, ' ');
    expect(registre).toContain(`Registre des délibérations — année ${year}`);
    expect(registre).toContain(finalised!.number);
    expect(registre).toContain('Feuillet de clôture');
    expect(registre).toContain(`Délibérations de la séance : n° ${finalised!.number}`);
    expect(registre).toContain('Le président de séance Anne Vignot');
    expect(registre).toContain('Le secrétaire de séance Claire Martin');
    expect(
      (await gql('query ($bodyId: UUID!, $year: Int!) { registreUrl(bodyId: $bodyId, year: $year) }', { bodyId, year: 1999 })).failure,
    ).toMatchObject({ code: 'NOT_FOUND' });

    // The @CTES operator's files: refused until the department is set, then the ACTES metadata and the signed PDF.
    expect((await gql(actesUrl, { bodyId, id: act!.id })).failure).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'SIRET_MISSING' });
    await harness.runtime.orm.em.fork().execute('update platform.body set siret = ? where id = ?', ['21250056500017', bodyId]);
    expect((await gql(actesUrl, { bodyId, id: act!.id })).failure).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'ACTES_DEPARTMENT_MISSING',
    });
    const settings =
      'mutation ($bodyId: UUID!, $input: ActSettingsInput!) { updateActSettings(bodyId: $bodyId, input: $input) { actesDepartment } }';
    expect((await gql(settings, { bodyId, input: { actesDepartment: '25' } })).failure).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'actesDepartment',
    });
    expect((await gql(settings, { bodyId, input: { actesDepartment: '025' } })).value).toEqual({ actesDepartment: '025' });
    const { value: archiveUrl } = await gql<string>(actesUrl, { bodyId, id: act!.id });
    const files = await untar(await download(archiveUrl!));
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(held.startsAt).replaceAll('-', '');
    const internal = finalised!.number.replace('-', '_');
    const stem = `025-212500565-${date}-${internal}-DE-1-1`;
    expect([...files.keys()].sort()).toEqual([`${stem}_0.xml`, `${stem}_1.pdf`]);
    const xml = files.get(`${stem}_0.xml`)!.toString('latin1');
    expect(xml).toContain('xmlns:actes="http://www.interieur.gouv.fr/ACTES#v1.1-20040216"');
    expect(xml).toContain(`actes:NumeroInterne="${internal}"`);
    expect(xml).toContain('actes:CodeNatureActe="1"');
    expect(xml).toContain(`actes:Date="${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}"`);
    expect(xml).toContain('<actes:CodeMatiere1 actes:CodeMatiere="7"/>');
    expect(xml).toContain('<actes:CodeMatiere2 actes:CodeMatiere="1"/>');
    expect(xml).toContain(`<actes:NomFichier>${stem}_1.pdf</actes:NomFichier>`);
    const { value: signedAct } = await gql<{ pdfUrl: string }>(
      'query ($bodyId: UUID!, $meetingId: UUID!) { deliberations(bodyId: $bodyId, meetingId: $meetingId) { pdfUrl } }',
      { bodyId, meetingId },
    );
    expect(files.get(`${stem}_1.pdf`)!.equals(await download((signedAct as unknown as { pdfUrl: string }[])[0]!.pdfUrl))).toBe(true);
  });
});
