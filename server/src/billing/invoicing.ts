import { createHash } from 'node:crypto';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, CartableError, ErrorCode, NotFoundError } from '../common/errors.js';
import { uuidv7 } from '../common/ids.js';
import type { Logger } from '../common/logger.js';
import { euros } from '../common/french.js';
import { addDays, zonedDate } from '../common/time.js';
import { violatedConstraint } from '../db/constraint-violation.js';
import { Body } from '../platform/bodies/body.entity.js';
import { GroupementContract } from '../platform/groupement/contract.entity.js';
import { groupementTimeZone } from '../platform/groupement/contract.service.js';
import {
  chorusStatuses,
  CostStatement,
  IssuedInvoice,
  type ChorusStatus,
  type InvoiceParties,
  type IssuedInvoiceLine,
} from './billing.entity.js';
import type { BillingServices } from './billing.port.js';
import type { ChorusPort } from './chorus.js';
import { statementLineKinds, type StatementLine, type StatementLineKind } from './cost-sharing.js';
import { facturXPdf } from './facturx.js';
import { parseMonth, type Month } from './statements.js';

/** The French VAT rates, in basis points (20 %, 10 %, 5,5 %, 2,1 %, 0 %). */
export const knownVatRates = [2000, 1000, 550, 210, 0] as const;
/** The rate of a kind of line with no dated setting. */
export const defaultVatRate = 2000;
/** Invoices are payable 30 days after issue (public buyers' legal payment delay). */
export const paymentDays = 30;

export interface InvoicingDeps {
  billing: Pick<BillingServices, 'requestInvoicePush'>;
  chorus: ChorusPort;
  logger: Logger;
}

/** The rate of each kind of line on `day`: the latest setting valid then, else 20 %. */
export async function vatRatesOn(em: EntityManager, day: string): Promise<Record<StatementLineKind, number>> {
  const rows = await em.execute<{ kind: StatementLineKind; rate_basis_points: number }[]>(
    `select distinct on (kind) kind, rate_basis_points from vat_rate where valid_from <= ? order by kind, valid_from desc`,
    [day],
  );
  const rates = Object.fromEntries(statementLineKinds.map((kind) => [kind, defaultVatRate])) as Record<StatementLineKind, number>;
  for (const row of rows) rates[row.kind] = row.rate_basis_points;
  return rates;
}

/** Sets, from `validFrom` on, the VAT rate of a kind of line; only the French rates are accepted. */
export async function setVatRate(
  em: EntityManager,
  kind: StatementLineKind,
  validFrom: string,
  ratePercent: number,
  setBy: string,
): Promise<void> {
  const basisPoints = Math.round(ratePercent * 100);
  if (
    !Number.isFinite(ratePercent) ||
    !(knownVatRates as readonly number[]).includes(basisPoints) ||
    Math.abs(ratePercent * 100 - basisPoints) > 1e-6
  ) {
    throw new BadUserInputError('Taux de TVA inconnu : les taux français sont 20 %, 10 %, 5,5 %, 2,1 % et 0 %.', { field: 'ratePercent' });
  }
  await em.execute(
    // `excluded.set_at`, not `now()`: Citus takes no function call in DO UPDATE SET (docs/operations/citus.md).
    `insert into vat_rate (kind, valid_from, rate_basis_points, set_by, set_at) values (?, ?, ?, ?, now())
     on conflict (kind, valid_from) do update set rate_basis_points = excluded.rate_basis_points, set_by = excluded.set_by, set_at = excluded.set_at`,
    [kind, validFrom, basisPoints, setBy],
  );
}

const kindNames: Record<StatementLineKind, string> = {
  SEAT: 'Siège d’élu',
  DEVICE: 'Tablette en service',
  SETUP: 'Mise en service d’une tablette',
  SUPPORT: 'Support et maintenance',
};

function lineDescription(line: StatementLine, month: string): string {
  const parts = [`${kindNames[line.kind]} — ${month}`];
  if (line.days !== undefined && line.daysInMonth !== undefined) parts.push(`${line.days} j sur ${line.daysInMonth}`);
  if (line.sharedBetween > 1) parts.push(`part partagée entre ${line.sharedBetween} organismes`);
  return parts.join(', ');
}

/**
 * A statement's lines as invoice lines: one per kind of charge, share and proration, with its quantity
 * (how many such items) and unit price (the body's share), so that every line's amount is exactly
 * quantity × unit price and the invoice's total HT is the statement's total.
 */
export function invoiceLines(
  lines: readonly StatementLine[],
  rates: Record<StatementLineKind, number>,
  month: string,
): IssuedInvoiceLine[] {
  const grouped = new Map<string, IssuedInvoiceLine>();
  for (const line of lines) {
    if (line.shareCents === 0) continue;
    const description = lineDescription(line, month);
    const key = `${line.kind}|${line.shareCents}|${description}`;
    const existing = grouped.get(key);
    if (existing) {
      existing.quantity += 1;
      existing.amountCents += line.shareCents;
    } else {
      grouped.set(key, {
        kind: line.kind,
        description,
        quantity: 1,
        unitPriceCents: line.shareCents,
        amountCents: line.shareCents,
        vatRateBasisPoints: rates[line.kind],
      });
    }
  }
  const order = (line: IssuedInvoiceLine) => statementLineKinds.indexOf(line.kind);
  return [...grouped.values()].sort(
    (a, b) => order(a) - order(b) || b.unitPriceCents - a.unitPriceCents || a.description.localeCompare(b.description),
  );
}

/** VAT per rate (EN 16931: the rate applied to the sum of the lines at that rate, rounded to the cent) and totals. */
export function invoiceTotals(lines: readonly IssuedInvoiceLine[]) {
  const byRate = new Map<number, number>();
  for (const line of lines) byRate.set(line.vatRateBasisPoints, (byRate.get(line.vatRateBasisPoints) ?? 0) + line.amountCents);
  const vat = [...byRate]
    .sort(([a], [b]) => b - a)
    .map(([rateBasisPoints, basisCents]) => ({
      rateBasisPoints,
      basisCents,
      vatCents: Math.round((basisCents * rateBasisPoints) / 10_000),
    }));
  const totalHtCents = lines.reduce((sum, line) => sum + line.amountCents, 0);
  const totalVatCents = vat.reduce((sum, group) => sum + group.vatCents, 0);
  return { vat, totalHtCents, totalVatCents, totalTtcCents: totalHtCents + totalVatCents };
}

/** The next number of an issuer's yearly series, in the caller's transaction (rolled back with it: no gap). */
async function nextNumber(tx: EntityManager, issuerSiret: string, year: number): Promise<string> {
  const [row] = await tx.execute<[{ last_number: number }]>(
    `insert into invoice_sequence (issuer_siret, year, last_number) values (?, ?, 1)
     on conflict (issuer_siret, year) do update set last_number = invoice_sequence.last_number + 1
     returning last_number`,
    [issuerSiret, year],
  );
  return `${year}-${String(row.last_number).padStart(6, '0')}`;
}

const settingMissing = (body: Body, setting: string, label: string) =>
  new CartableError(
    ErrorCode.PreconditionFailed,
    `L’organisme « ${body.name} » n’a pas de ${label} : renseignez le réglage « ${label} » de sa facturation avant d’émettre la facture.`,
    { reason: 'BODY_SETTING_MISSING', setting, bodyId: body.id },
  );

function buyerOf(body: Body): InvoiceParties['buyer'] {
  if (!body.siret) throw settingMissing(body, 'siret', 'SIRET');
  if (body.engagementRequired && !body.engagementNumber) throw settingMissing(body, 'engagementNumber', 'numéro d’engagement');
  return {
    name: body.name,
    siret: body.siret,
    serviceCode: body.chorusServiceCode ?? null,
    engagementNumber: body.engagementNumber ?? null,
  };
}

function sellerOf(contract: GroupementContract): InvoiceParties['seller'] {
  if (!contract.supplierSiret) {
    throw new CartableError(
      ErrorCode.PreconditionFailed,
      `Le marché ${contract.reference} ne porte pas le SIRET du fournisseur : renseignez-le dans le marché avant d’émettre les factures.`,
      { reason: 'CONTRACT_SETTING_MISSING', setting: 'supplierSiret' },
    );
  }
  return {
    name: contract.supplier,
    siret: contract.supplierSiret,
    vatNumber: contract.supplierVatNumber ?? null,
    address: contract.supplierAddress ?? null,
  };
}

interface Draft {
  kind: IssuedInvoice['kind'];
  body: Body;
  month: string;
  parties: InvoiceParties;
  lines: IssuedInvoiceLine[];
  credits: IssuedInvoice | null;
  creditReason: string | null;
}

/** Numbers, renders and writes a document in the caller's transaction. */
async function writeDocument(tx: EntityManager, draft: Draft, issuedBy: string, now: Date): Promise<IssuedInvoice> {
  const issuedOn = zonedDate(now, groupementTimeZone);
  const dueOn = addDays(issuedOn, paymentDays);
  const number = await nextNumber(tx, draft.parties.seller.siret, Number(issuedOn.slice(0, 4)));
  const totals = invoiceTotals(draft.lines);
  const period = parseMonth(draft.month.slice(0, 7));
  const pdf = await facturXPdf({
    kind: draft.kind,
    number,
    issuedOn,
    dueOn,
    periodStart: period.firstDay,
    periodEnd: addDays(period.nextFirstDay, -1),
    seller: draft.parties.seller,
    buyer: draft.parties.buyer,
    contractReference: draft.parties.contractReference,
    credits: draft.credits ? { number: draft.credits.number, issuedOn: draft.credits.issuedOn, reason: draft.creditReason! } : null,
    lines: draft.lines,
    ...totals,
  });
  const invoice = tx.create(IssuedInvoice, {
    id: uuidv7(),
    kind: draft.kind,
    number,
    issuerSiret: draft.parties.seller.siret,
    bodyId: draft.body.id,
    month: period.firstDay,
    creditsInvoiceId: draft.credits?.id ?? null,
    creditReason: draft.creditReason,
    issuedOn,
    dueOn,
    lines: draft.lines,
    parties: draft.parties,
    totalHtCents: totals.totalHtCents,
    totalVatCents: totals.totalVatCents,
    totalTtcCents: totals.totalTtcCents,
    pdf: Buffer.from(pdf),
    pdfSha256: createHash('sha256').update(pdf).digest('hex'),
    chorusStatus: 'A_DEPOSER',
    chorusStatusAt: null,
    stripeInvoiceId: null,
    issuedBy,
    createdAt: now,
  });
  await tx.flush();
  return invoice;
}

/** After commit: the files for Chorus Pro (a failure is logged; the PDF stays downloadable from Cartable). */
async function depositAll(deps: InvoicingDeps, tx: EntityManager, invoices: IssuedInvoice[]): Promise<void> {
  for (const invoice of invoices) {
    try {
      const deposit = await deps.chorus.deposit({
        number: invoice.number,
        issuerSiret: invoice.issuerSiret,
        buyerSiret: invoice.parties.buyer.siret,
        pdf: invoice.pdf,
      });
      if (deposit.status) await recordChorusStatus(tx, invoice.id, deposit.status);
    } catch (error) {
      deps.logger.error({ err: error, invoice: invoice.number }, 'could not hand the invoice to Chorus Pro');
    }
  }
}

/**
 * Issues the invoices of a closed month: one per body whose statement has something to bill (all the
 * bodies, or those given), all in one transaction — a body missing a setting refuses the whole batch,
 * naming the body and the setting. A body already invoiced for the month is refused when named, skipped
 * otherwise; nothing left to invoice is refused too. Numbers follow the issuer's gap-free yearly series.
 */
export async function issueMonthInvoices(
  em: EntityManager,
  deps: InvoicingDeps,
  month: Month,
  issuedBy: string,
  bodyIds: readonly string[] | null,
  now = new Date(),
): Promise<IssuedInvoice[]> {
  let issued: IssuedInvoice[];
  try {
    issued = await em.fork().transactional(async (tx) => {
      const statements = await tx.find(CostStatement, { month: month.firstDay });
      if (statements.length === 0) {
        throw new CartableError(
          ErrorCode.PreconditionFailed,
          `Le mois ${month.month} n’est pas clôturé : clôturez-le avant d’émettre ses factures.`,
          { reason: 'MONTH_OPEN' },
        );
      }
      const already = new Map(
        (await tx.find(IssuedInvoice, { month: month.firstDay, kind: 'INVOICE' })).map((invoice) => [invoice.bodyId, invoice]),
      );
      const wanted = bodyIds
        ? statements.filter((statement) => bodyIds.includes(statement.bodyId))
        : statements.filter((statement) => statement.totalCents > 0);
      if (bodyIds && wanted.length !== new Set(bodyIds).size) throw new NotFoundError('Organisme introuvable ou sans relevé pour ce mois.');
      const bodies = new Map(
        (await tx.find(Body, { id: { $in: wanted.map((statement) => statement.bodyId) } })).map((body) => [body.id, body]),
      );
      for (const statement of wanted) {
        const previous = already.get(statement.bodyId);
        if (previous && bodyIds) throw duplicateInvoice(bodies.get(statement.bodyId)!, month.month, previous.number);
      }
      const todo = wanted
        .filter((statement) => !already.has(statement.bodyId))
        .sort((a, b) => bodies.get(a.bodyId)!.name.localeCompare(bodies.get(b.bodyId)!.name, 'fr'));
      if (todo.length === 0) {
        throw new CartableError(ErrorCode.Conflict, `Les factures de ${month.month} sont déjà émises : corrigez-les par des avoirs.`, {
          reason: 'ALREADY_INVOICED',
        });
      }
      const buyers = todo.map((statement) => buyerOf(bodies.get(statement.bodyId)!));
      const rates = await vatRatesOn(tx, month.firstDay);
      const invoices: IssuedInvoice[] = [];
      for (const [index, statement] of todo.entries()) {
        const contract = await tx.findOneOrFail(GroupementContract, { id: statement.contractId });
        const lines = invoiceLines(statement.lines, rates, month.month);
        const parties = { seller: sellerOf(contract), buyer: buyers[index]!, contractReference: contract.reference };
        invoices.push(
          await writeDocument(
            tx,
            {
              kind: 'INVOICE',
              body: bodies.get(statement.bodyId)!,
              month: month.firstDay,
              parties,
              lines,
              credits: null,
              creditReason: null,
            },
            issuedBy,
            now,
          ),
        );
      }
      await deps.billing.requestInvoicePush(
        tx,
        invoices.map((invoice) => invoice.id),
      );
      return invoices;
    });
  } catch (error) {
    if (violatedConstraint(error) === 'issued_invoice_one_per_month') {
      throw new CartableError(ErrorCode.Conflict, `Une facture vient d’être émise pour ce mois : corrigez-la par un avoir.`, {
        reason: 'ALREADY_INVOICED',
      });
    }
    throw error;
  }
  await depositAll(deps, em.fork(), issued);
  return issued;
}

function duplicateInvoice(body: Body, month: string, number: string): CartableError {
  return new CartableError(
    ErrorCode.Conflict,
    `La facture de ${month} de « ${body.name} » est déjà émise (n° ${number}) : une facture émise ne se modifie pas, corrigez-la par un avoir.`,
    { reason: 'ALREADY_INVOICED' },
  );
}

/**
 * A credit note (avoir) that cancels lines of an issued invoice, each at its amount and rate; a line is
 * credited once at most. The invoice itself never changes.
 */
export async function issueCreditNote(
  em: EntityManager,
  deps: InvoicingDeps,
  invoiceId: string,
  lineNumbers: readonly number[],
  reason: string,
  issuedBy: string,
  now = new Date(),
  amountCents: number | null = null,
): Promise<IssuedInvoice> {
  const trimmed = reason.trim();
  if (amountCents !== null && lineNumbers.length !== 1) {
    throw new BadUserInputError('Un avoir d’une partie du montant porte sur une seule ligne : indiquez son numéro.', {
      field: 'lineNumbers',
    });
  }
  if (amountCents !== null && (!Number.isSafeInteger(amountCents) || amountCents < 1)) {
    throw new BadUserInputError('Le montant de l’avoir est un nombre entier de centimes, au moins 1.', { field: 'amountCents' });
  }
  if (trimmed.length < 1 || trimmed.length > 500)
    throw new BadUserInputError('Le motif de l’avoir compte de 1 à 500 caractères.', { field: 'reason' });
  const note = await em.fork().transactional(async (tx) => {
    const invoice = await tx.findOne(IssuedInvoice, { id: invoiceId, kind: 'INVOICE' });
    if (!invoice) throw new NotFoundError('Facture introuvable.');
    // One credit note of an invoice at a time, so that a line is never credited twice.
    await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`cartable:credit:${invoice.id}`]);
    const chosen = lineNumbers.length > 0 ? [...new Set(lineNumbers)] : invoice.lines.map((_line, index) => index + 1);
    if (chosen.some((number) => !Number.isInteger(number) || number < 1 || number > invoice.lines.length)) {
      throw new BadUserInputError(`Les lignes de cette facture vont de 1 à ${invoice.lines.length}.`, { field: 'lineNumbers' });
    }
    // What is left to credit of each line: its amount less the credit notes already issued on it.
    const left = invoice.lines.map((line) => line.amountCents);
    for (const note of await tx.find(IssuedInvoice, { creditsInvoiceId: invoice.id })) {
      for (const line of note.lines) if (line.creditedLine) left[line.creditedLine - 1]! -= line.amountCents;
    }
    if (chosen.some((number) => left[number - 1]! <= 0)) {
      throw new CartableError(ErrorCode.Conflict, 'Une de ces lignes a déjà fait l’objet d’un avoir.', { reason: 'ALREADY_CREDITED' });
    }
    if (amountCents !== null && amountCents > left[chosen[0]! - 1]!) {
      throw new BadUserInputError(`Il reste ${euros(left[chosen[0]! - 1]!)} HT à créditer sur cette ligne.`, { field: 'amountCents' });
    }
    // A whole line keeps its quantity and unit price; a part of it (asked, or what remains) is one unit.
    const lines = chosen.map((number): IssuedInvoiceLine => {
      const line = invoice.lines[number - 1]!;
      const amount = amountCents ?? left[number - 1]!;
      if (amount === line.amountCents) return { ...line, creditedLine: number };
      return {
        ...line,
        description: `${line.description} (avoir partiel)`,
        quantity: 1,
        unitPriceCents: amount,
        amountCents: amount,
        creditedLine: number,
      };
    });
    const body = await tx.findOneOrFail(Body, { id: invoice.bodyId });
    return writeDocument(
      tx,
      { kind: 'CREDIT_NOTE', body, month: invoice.month, parties: invoice.parties, lines, credits: invoice, creditReason: trimmed },
      issuedBy,
      now,
    );
  });
  await depositAll(deps, em.fork(), [note]);
  return note;
}

async function recordChorusStatus(em: EntityManager, invoiceId: string, status: ChorusStatus): Promise<void> {
  await em.execute('update issued_invoice set chorus_status = ?, chorus_status_at = now() where id = ?', [status, invoiceId]);
}

/** Records by hand where the invoice is on Chorus Pro; statuses only move forward. */
export async function setChorusStatus(em: EntityManager, invoiceId: string, status: ChorusStatus): Promise<IssuedInvoice> {
  return em.fork().transactional(async (tx) => {
    const invoice = await tx.findOne(IssuedInvoice, { id: invoiceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!invoice) throw new NotFoundError('Facture introuvable.');
    if (chorusStatuses.indexOf(status) < chorusStatuses.indexOf(invoice.chorusStatus)) {
      throw new BadUserInputError('Le statut Chorus Pro d’une facture ne revient pas en arrière.', { field: 'status' });
    }
    await recordChorusStatus(tx, invoice.id, status);
    return tx.findOneOrFail(IssuedInvoice, { id: invoice.id }, { refresh: true });
  });
}
