import { channelsOff, type ChannelOff } from '../../notify/channels/registry.js';
import type { Config } from '../../config/env.js';
import { systemClock, type Clock } from '../../legal/clock.js';

/** The knobs of sending and of evidence, from the configuration. */
declare module '../../tenancy/body-context.js' {
  interface BodyServices {
    /** Reminder lead time, evidence batching, channels off, links' origin. */
    convocations: ConvocationSettings;
  }
}

export interface ConvocationSettings {
  /** Hours before the meeting when officials who have not acknowledged get a reminder. */
  reminderLeadHours: number;
  /** Seconds a batch of events waits before being timestamped together. */
  anchorBatchSeconds: number;
  /** Channels without a transport on this server: never planned. */
  channelsOff: readonly ChannelOff[];
  /** Origin of the web app, for the links the convocations carry. */
  publicUrl: string;
  /** The address emails come from (MAIL_FROM): the ORGANIZER of the `.ics` they carry. */
  mailFrom: string;
  /** What « now » is for the legal checks (legal/clock.ts): the system's, or a fixed one in tests. */
  clock: Clock;
}

export function convocationSettings(config: Config, clock: Clock = systemClock): ConvocationSettings {
  return {
    reminderLeadHours: config.CONVOCATION_REMINDER_HOURS,
    anchorBatchSeconds: config.EVIDENCE_ANCHOR_BATCH_SECONDS,
    channelsOff: channelsOff(config),
    publicUrl: config.publicUrl,
    mailFrom: config.MAIL_FROM,
    clock,
  };
}
