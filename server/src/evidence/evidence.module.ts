import type { FeatureModule } from '../module/feature-module.js';
import { evidenceTasks } from './evidence.tasks.js';
import { LedgerEntry } from './ledger-entry.entity.js';
import { TimestampAnchor } from './timestamp-anchor.entity.js';

/** The ledger and its timestamps: below the features, which append to it (ledger.ts, meeting-events.ts). */
export const evidenceModule: FeatureModule = {
  entities: [LedgerEntry, TimestampAnchor],
  tasks: evidenceTasks,
};
