import { countOf } from '../../common/french.js';
import { PermanentDeliveryError } from '../delivery-error.js';
import { createWebPushSender, loadOrCreateVapidKeys, type PushPayload } from '../push.js';
import type { ChannelSender, DeliveryChannel } from './channel.js';

/** The push channel's sender, and the VAPID public key browsers subscribe with. */
export interface PushChannelSender extends ChannelSender {
  readonly publicKey: string;
}

/**
 * Web push, to every device an official subscribed (their browsers, their tablets), with the VAPID keys
 * of the environment or the pair stored in the data folder. Accepted when one device at least was;
 * devices the push service reports gone are forgotten.
 */
export const pushChannel: DeliveryChannel<'PUSH', PushPayload, PushChannelSender> = {
  id: 'PUSH',
  label: 'notification',
  mode: 'ELECTRONIC',
  offReason: () => null,
  addressOf: (contact) => (contact.pushDevices > 0 ? countOf(contact.pushDevices, 'appareil') : null),
  render: (notice) => ({
    title: notice.subject,
    body: notice.headline ?? notice.opening.at(-1) ?? notice.subject,
    url: notice.link,
    tag: notice.topic,
  }),
  async open(config, _logger, { pushDevices }) {
    const vapidKeys =
      config.VAPID_PUBLIC_KEY && config.VAPID_PRIVATE_KEY
        ? { publicKey: config.VAPID_PUBLIC_KEY, privateKey: config.VAPID_PRIVATE_KEY }
        : await loadOrCreateVapidKeys(config.dataDir);
    const transport = createWebPushSender({ ...vapidKeys, subject: config.VAPID_SUBJECT });
    return {
      description: config.VAPID_PUBLIC_KEY ? 'VAPID keys from the environment' : 'VAPID keys from the data folder',
      publicKey: transport.publicKey,
      async send(target, notice) {
        const subscriptions = await pushDevices.of(target.personId);
        if (subscriptions.length === 0) throw new PermanentDeliveryError('NO_DEVICE', 'no push subscription left');
        const payload = pushChannel.render(notice, target);
        const results = await Promise.allSettled(
          subscriptions.map(({ endpoint, keys }) =>
            transport.send({ endpoint, keys }, payload, { urgency: 'high', topic: target.deliveryId.replace(/-/g, '').slice(0, 32) }),
          ),
        );
        const gone = subscriptions.filter((_, index) => {
          const result = results[index]!;
          return result.status === 'rejected' && result.reason instanceof PermanentDeliveryError;
        });
        if (gone.length > 0) await pushDevices.forget(gone.map((subscription) => subscription.id));
        const accepted = results.filter((result) => result.status === 'fulfilled').length;
        if (accepted === 0) {
          const transient = results.find((result) => result.status === 'rejected' && !(result.reason instanceof PermanentDeliveryError));
          if (transient?.status === 'rejected') throw transient.reason;
          throw new PermanentDeliveryError('SUBSCRIPTION_GONE', 'every push subscription is gone');
        }
        return {
          reference: `${accepted}/${subscriptions.length}`,
          response: `${countOf(accepted, 'appareil')} sur ${subscriptions.length}`,
        };
      },
    };
  },
};
