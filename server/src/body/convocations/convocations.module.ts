import type { FeatureModule } from '../../module/feature-module.js';
import type { ConvocationSettings } from './convocation-settings.js';
import {
  Convocation,
  ConvocationRecipient,
  Delivery,
  DocumentDownload,
  MeetingReceipt,
  MemberContact,
  PaperConvocationRequest,
} from './convocation.entity.js';
import { BodyPaperConvocationsResolver } from './contacts/contacts.resolver.js';
import { MembershipConvocationResolver } from './contacts/membership-paper.resolver.js';
import { convocationTasks } from './convocation.tasks.js';
import { DeliveryResolver } from './delivery/delivery.resolver.js';
import { MeetingFollowUpResolver } from './delivery/follow-up.resolver.js';
import { manifestAnchoringTasks } from './manifest-anchoring.js';
import { createDownloadRouter, downloadPath } from './receipts/download.router.js';
import { MyConvocationResolver } from './receipts/my-convocation.resolver.js';
import { ConvocationStatusLoader } from './receipts/my-convocation.js';
import { MeetingReceiptResolver } from './receipts/receipt.resolver.js';
import { MeetingConvocationResolver } from './send/send.resolver.js';

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
  resolvers: [
    MeetingConvocationResolver,
    MeetingFollowUpResolver,
    MeetingReceiptResolver,
    MyConvocationResolver,
    DeliveryResolver,
    MembershipConvocationResolver,
    BodyPaperConvocationsResolver,
  ],
  tasks: (services) => [...convocationTasks(services), ...manifestAnchoringTasks(services)],
  routers: ({ orm, links, storage, environment }) => [
    { path: downloadPath, router: createDownloadRouter({ orm, links, storage, environment }) },
  ],
  loaders: (viewer) => ({ convocationStatus: new ConvocationStatusLoader(viewer.personId) }),
};
