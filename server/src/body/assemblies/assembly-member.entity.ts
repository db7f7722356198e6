import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../../db/timestamps.js';
import { Assembly } from './assembly.entity.js';

export const assemblyRoles = ['PRESIDENT', 'VICE_PRESIDENT', 'MEMBRE', 'SUPPLEANT'] as const;
export type AssemblyRole = (typeof assemblyRoles)[number];

/** A seat in one assembly. `personId` is the platform person: a plain column, no cross-schema relation. */
const AssemblyMemberSchema = defineEntity({
  name: 'AssemblyMember',
  schema: '*',
  tableName: 'assembly_member',
  properties: {
    id: p.uuid().primary(),
    assembly: () => p.manyToOne(Assembly),
    personId: p.uuid(),
    role: p.enum(assemblyRoles),
    votingRight: p.boolean(),
    mandateStart: p.date().nullable(),
    mandateEnd: p.date().nullable(),
    /** A suppléant's seat: the titulaire's seat in the same assembly (CGCT L5211-6, L5212-7). */
    titulaireSeatId: p.uuid().nullable(),
    ...timestampProperties,
  },
});

export class AssemblyMember extends AssemblyMemberSchema.class {}
AssemblyMemberSchema.setClass(AssemblyMember);
