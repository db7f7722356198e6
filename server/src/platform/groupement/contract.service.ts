import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, CartableError, ErrorCode, NotFoundError } from '../../common/errors.js';
import { uuidv7 } from '../../common/ids.js';
import { zonedDate } from '../../common/time.js';
import type { SharingRule, SupportSharing } from '../../billing/cost-sharing.js';
import { violatedConstraint } from '../../db/constraint-violation.js';
import { Body } from '../bodies/body.entity.js';
import { invalidSiretMessage, isSiret } from '../bodies/siret.js';
import { ContractShareWeight, GroupementContract } from './contract.entity.js';

/** Months, days of the contract and billing periods are those of the groupement, in mainland France. */
export const groupementTimeZone = 'Europe/Paris';

export interface ContractTerms {
  reference: string;
  holderBodyId: string;
  supplier: string;
  startsOn: string;
  endsOn: string;
  seatPriceCents: number;
  devicePriceCents: number;
  setupPriceCents: number;
  sharingRule: SharingRule;
  weights: { bodyId: string; weight: number }[];
  supplierSiret?: string | null | undefined;
  supplierVatNumber?: string | null | undefined;
  supplierAddress?: string | null | undefined;
  prorateByDay?: boolean | undefined;
  billStaffSeats?: boolean | undefined;
  supportPriceCents?: number | null | undefined;
  supportSharing?: SupportSharing | undefined;
}

/** The contract in force on the groupement's calendar day of `instant`, if any. */
export async function contractInForce(em: EntityManager, instant: Date): Promise<GroupementContract | null> {
  const day = zonedDate(instant, groupementTimeZone);
  return em.findOne(GroupementContract, { startsOn: { $lte: day }, endsOn: { $gte: day } });
}

/** The contract that prices a month: the one in force on its first day, else the first starting in it. */
export async function contractForMonth(em: EntityManager, firstDay: string, nextFirstDay: string): Promise<GroupementContract | null> {
  return em.findOne(GroupementContract, { startsOn: { $lt: nextFirstDay }, endsOn: { $gte: firstDay } }, { orderBy: { startsOn: 'asc' } });
}

export async function contractWeights(em: EntityManager, contractId: string): Promise<Map<string, number>> {
  const weights = await em.find(ContractShareWeight, { contract: contractId });
  return new Map(weights.map((entry) => [entry.body.id, entry.weight]));
}

async function checkTerms(em: EntityManager, terms: ContractTerms): Promise<void> {
  if (terms.endsOn < terms.startsOn) throw new BadUserInputError('La fin du marché précède son début.', { field: 'endsOn' });
  if (terms.supplierSiret && !isSiret(terms.supplierSiret)) throw new BadUserInputError(invalidSiretMessage, { field: 'supplierSiret' });
  const bodyIds = [terms.holderBodyId, ...terms.weights.map((entry) => entry.bodyId)];
  if ((await em.count(Body, { id: { $in: [...new Set(bodyIds)] } })) !== new Set(bodyIds).size) {
    throw new NotFoundError('Organisme introuvable.');
  }
  if (new Set(terms.weights.map((entry) => entry.bodyId)).size !== terms.weights.length) {
    throw new BadUserInputError('Un organisme a deux pondérations.', { field: 'weights' });
  }
}

/**
 * Creates or replaces (by id) a contract and its weights, in one transaction.
 */
export async function saveContract(em: EntityManager, terms: ContractTerms, contractId?: string): Promise<GroupementContract> {
  await checkTerms(em, terms);
  try {
    return await em.fork().transactional(async (tx) => {
      let contract: GroupementContract;
      if (contractId) {
        const existing = await tx.findOne(GroupementContract, { id: contractId });
        if (!existing) throw new NotFoundError('Marché introuvable.');
        contract = existing;
        await tx.nativeDelete(ContractShareWeight, { contract: existing.id });
      } else {
        contract = tx.create(GroupementContract, { id: uuidv7(), ...contractFields(terms) });
      }
      tx.assign(contract, contractFields(terms));
      for (const entry of terms.weights) tx.create(ContractShareWeight, { contract, body: entry.bodyId, weight: entry.weight });
      await tx.flush();
      return contract;
    });
  } catch (error) {
    const constraint = violatedConstraint(error);
    if (constraint === 'groupement_contract_reference_key')
      throw new CartableError(ErrorCode.Conflict, 'Un marché porte déjà cette référence.');
    if (constraint === 'groupement_contract_no_overlap') {
      throw new CartableError(ErrorCode.Conflict, 'Ces dates chevauchent celles d’un autre marché du groupement.');
    }
    throw error;
  }
}

function contractFields(terms: ContractTerms) {
  return {
    reference: terms.reference.trim(),
    holderBody: terms.holderBodyId,
    supplier: terms.supplier.trim(),
    startsOn: terms.startsOn,
    endsOn: terms.endsOn,
    seatPriceCents: terms.seatPriceCents,
    devicePriceCents: terms.devicePriceCents,
    setupPriceCents: terms.setupPriceCents,
    sharingRule: terms.sharingRule,
    supplierSiret: terms.supplierSiret ?? null,
    supplierVatNumber: terms.supplierVatNumber?.trim().toUpperCase() || null,
    supplierAddress: terms.supplierAddress?.trim() || null,
    prorateByDay: terms.prorateByDay ?? true,
    billStaffSeats: terms.billStaffSeats ?? false,
    supportPriceCents: terms.supportPriceCents ?? null,
    supportSharing: terms.supportSharing ?? 'PER_BODY',
  };
}
