import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../../db/timestamps.js';

/** One browser or tablet of an official that receives web push alerts (VAPID). */
const PushSubscriptionSchema = defineEntity({
  name: 'PushSubscription',
  schema: 'platform',
  tableName: 'push_subscription',
  properties: {
    id: p.uuid().primary(),
    personId: p.uuid(),
    endpoint: p.string().unique(),
    p256dh: p.string(),
    auth: p.string(),
    userAgent: p.string().nullable(),
    ...timestampProperties,
  },
});

export class PushSubscription extends PushSubscriptionSchema.class {}
PushSubscriptionSchema.setClass(PushSubscription);
