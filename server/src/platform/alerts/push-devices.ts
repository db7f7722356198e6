import type { MikroORM } from '@mikro-orm/postgresql';
import type { PushDevices } from '../../notify/channels/channel.js';
import { PushSubscription } from './push-subscription.entity.js';

/** The push channel's view of the subscriptions: each read and delete on a fresh EntityManager of the platform. */
export function pushDevices(orm: MikroORM): PushDevices {
  return {
    async of(personId) {
      const subscriptions = await orm.em.fork().find(PushSubscription, { personId });
      return subscriptions.map(({ id, endpoint, p256dh, auth }) => ({ id, endpoint, keys: { p256dh, auth } }));
    },
    async forget(ids) {
      await orm.em.fork().nativeDelete(PushSubscription, { id: { $in: [...ids] } });
    },
  };
}
