import type { Config } from '../../config/env.js';

/** The knobs of sending and of evidence, from the configuration. */
export interface ConvocationSettings {
  /** Hours before the meeting when officials who have not acknowledged get a reminder. */
  reminderLeadHours: number;
  /** Seconds a batch of events waits before being timestamped together. */
  anchorBatchSeconds: number;
}

export function convocationSettings(config: Config): ConvocationSettings {
  return { reminderLeadHours: config.CONVOCATION_REMINDER_HOURS, anchorBatchSeconds: config.EVIDENCE_ANCHOR_BATCH_SECONDS };
}
