import { createHttpSmsSender } from '../sms.js';
import type { ChannelSender, DeliveryChannel } from './channel.js';

/**
 * SMS, to the officials who gave a mobile number and opted in (the body's number for them when its
 * secretariat set one), through the provider of SMS_PROVIDER; off without one.
 */
export const smsChannel: DeliveryChannel<'SMS', string, ChannelSender> = {
  id: 'SMS',
  label: 'SMS',
  mode: 'ELECTRONIC',
  optIn: {
    consent: 'smsAlerts',
    contact: 'mobilePhone',
    missingContact: 'Indiquez un numéro de mobile pour recevoir les alertes par SMS.',
  },
  offReason: (config) =>
    config.SMS_PROVIDER
      ? null
      : 'Aucun fournisseur de SMS n’est configuré sur ce serveur : les élus qui ont demandé des alertes SMS les reçoivent par courriel seulement.',
  addressOf: (contact) => (contact.smsAlerts && contact.mobilePhone ? contact.mobilePhone : null),
  render: (notice) => notice.short,
  async open(config) {
    const transport = createHttpSmsSender({
      provider: config.SMS_PROVIDER!,
      apiKey: config.SMS_API_KEY!,
      sender: config.SMS_SENDER!,
      ...(config.SMS_API_URL ? { apiUrl: config.SMS_API_URL } : {}),
    });
    return {
      description: transport.provider,
      async send(target, notice) {
        const sent = await transport.send({ to: target.address, text: smsChannel.render(notice, target), idempotencyKey: target.sendKey });
        return { reference: sent.providerMessageId, response: transport.provider };
      },
    };
  },
};
