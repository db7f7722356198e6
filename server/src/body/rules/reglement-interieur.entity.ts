import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../../db/timestamps.js';

/** One dated setting of the body's règlement intérieur (legal/reglement-interieur.ts); never edited, superseded by a later `validFrom`. */
const ReglementInterieurSettingSchema = defineEntity({
  name: 'ReglementInterieurSetting',
  schema: '*',
  tableName: 'reglement_interieur_setting',
  properties: {
    id: p.uuid().primary(),
    validFrom: p.date(),
    reference: p.string(),
    proxyMaxConsecutiveSeances: p.integer().nullable(),
    commissionQuorum: p.boolean().default(false),
    recordedBy: p.uuid(),
    recordedAt: p.datetime(),
    ...timestampProperties,
  },
});
export class ReglementInterieurSetting extends ReglementInterieurSettingSchema.class {}
ReglementInterieurSettingSchema.setClass(ReglementInterieurSetting);
