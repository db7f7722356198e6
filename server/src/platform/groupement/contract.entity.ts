import { defineEntity, p } from '@mikro-orm/postgresql';
import { sharingRules } from '../../billing/cost-sharing.js';
import { timestampProperties } from '../../db/timestamps.js';
import { Body } from '../bodies/body.entity.js';

/** The framework contract of the groupement, held by the coordinating body; unit prices in euro cents. */
const GroupementContractSchema = defineEntity({
  name: 'GroupementContract',
  schema: 'platform',
  tableName: 'groupement_contract',
  properties: {
    id: p.uuid().primary(),
    reference: p.string().unique(),
    holderBody: () => p.manyToOne(Body),
    supplier: p.string(),
    startsOn: p.date(),
    endsOn: p.date(),
    seatPriceCents: p.integer(),
    devicePriceCents: p.integer(),
    setupPriceCents: p.integer(),
    sharingRule: p.enum(sharingRules),
    /** The supplier as its invoices name it: SIRET, intra-community VAT number, postal address. */
    supplierSiret: p.string().nullable(),
    supplierVatNumber: p.string().nullable(),
    supplierAddress: p.string().nullable(),
    /** Devices lent part of a month are charged by day (else for the whole month). */
    prorateByDay: p.boolean(),
    /** Staff-only accounts (secretariat, administrators) take a billed seat. */
    billStaffSeats: p.boolean(),
    stripeSeatPriceId: p.string().nullable(),
    ...timestampProperties,
  },
});
export class GroupementContract extends GroupementContractSchema.class {}
GroupementContractSchema.setClass(GroupementContract);

/** A member body's weight under the WEIGHTED rule (a body without one weighs 1). */
const ContractShareWeightSchema = defineEntity({
  name: 'ContractShareWeight',
  schema: 'platform',
  tableName: 'contract_share_weight',
  properties: {
    contract: () => p.manyToOne(GroupementContract).primary(),
    body: () => p.manyToOne(Body).primary(),
    weight: p.integer(),
  },
});
export class ContractShareWeight extends ContractShareWeightSchema.class {}
ContractShareWeightSchema.setClass(ContractShareWeight);
