import type { MikroORM } from '@mikro-orm/postgresql';
import type { ConvocationSettings } from '../body/convocations/convocation-settings.js';
import type { Logger } from '../common/logger.js';
import type { TimestampAuthority } from '../evidence/timestamping/timestamp-authority.js';
import type { NotificationChannels } from '../notify/channels/registry.js';
import type { StoragePort } from '../storage/storage.port.js';
import type { BodyEnvironment } from '../tenancy/body-context.js';

/** What the job handlers use, built once by the runtime. */
export interface WorkerServices {
  orm: MikroORM;
  storage: StoragePort;
  settings: ConvocationSettings;
  publicUrl: string;
  logger: Logger;
  channels: NotificationChannels;
  timestamps: TimestampAuthority;
  /** What the jobs' body contexts are built from (`enterBodyAsSystem`). */
  environment: BodyEnvironment;
}
