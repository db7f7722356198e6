import type { FeatureModule } from '../../module/feature-module.js';
import { convocationSettings, type ConvocationSettings } from './convocation-settings.js';
import {
  Convocation,
  ConvocationRecipient,
  Delivery,
  DocumentDownload,
  MeetingReceipt,
  MemberContact,
  PaperConvocationRequest,
} from './convocation.entity.js';
import {
  BodyPaperConvocationsResolver,
  DeliveryResolver,
  MeetingConvocationResolver,
  MembershipConvocationResolver,
  MyConvocationResolver,
} from './convocation.resolver.js';
import { convocationTasks } from './convocation.tasks.js';
import { createDownloadRouter, downloadPath } from './download.router.js';
import { manifestAnchoringTasks } from './manifest-anchoring.js';
import { ConvocationStatusLoader } from './my-convocation.js';

declare module '../../graphql/context.js' {
  interface FeatureServices {
    /** Reminder lead time and evidence batching. */
    convocations: ConvocationSettings;
  }
  interface RequestLoaders {
    /** The caller's convocation status, read for all the meetings of a body at once (inbox). */
    convocationStatus: ConvocationStatusLoader;
  }
}

export const convocationsModule: FeatureModule = {
  entities: [PaperConvocationRequest, MemberContact, Convocation, ConvocationRecipient, Delivery, MeetingReceipt, DocumentDownload],
  resolvers: [MeetingConvocationResolver, MyConvocationResolver, DeliveryResolver, MembershipConvocationResolver, BodyPaperConvocationsResolver],
  tasks: (services) => [...convocationTasks({ ...services, settings: convocationSettings(services.config, services.clock) }), ...manifestAnchoringTasks(services)],
  routers: ({ orm, links, storage, config, clock }) => [
    { path: downloadPath, router: createDownloadRouter({ orm, links, storage, settings: convocationSettings(config, clock) }) },
  ],
  loaders: (viewer) => ({ convocationStatus: new ConvocationStatusLoader(viewer.personId) }),
};
