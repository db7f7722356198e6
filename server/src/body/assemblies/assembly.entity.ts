import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../../db/timestamps.js';
import { assemblyKinds } from '../../legal/kinds.js';
import { Meeting } from '../meetings/meeting.entity.js';

export { assemblyKinds, type AssemblyKind } from '../../legal/kinds.js';

/** An assembly of one body. Lives in the body's own schema (`schema: '*'`, bound by the EM fork). */
const AssemblySchema = defineEntity({
  name: 'Assembly',
  schema: '*',
  tableName: 'assembly',
  properties: {
    id: p.uuid().primary(),
    kind: p.enum(assemblyKinds),
    name: p.string(),
    /** A commission's delay in jours francs, set by the règlement intérieur (no CGCT delay applies). */
    convocationClearDays: p.integer().nullable(),
    convocationRuleReference: p.string().nullable(),
    meetings: () => p.oneToMany(Meeting).mappedBy('assembly'),
    ...timestampProperties,
  },
});

export class Assembly extends AssemblySchema.class {}
AssemblySchema.setClass(Assembly);
