import type { FeatureModule } from '../../module/feature-module.js';
import { Document, DocumentPage, DocumentVersion, PendingUpload } from './document.entity.js';
import { BodyDocumentUploadResolver, DocumentVersionResolver, MeetingDocumentsResolver } from './document.resolver.js';
import type { DocumentServices } from './document.service.js';

declare module '../../graphql/context.js' {
  interface FeatureServices {
    /** Document storage and its limits. */
    documents: DocumentServices;
  }
}

export const documentsModule: FeatureModule = {
  entities: [Document, DocumentVersion, DocumentPage, PendingUpload],
  resolvers: [MeetingDocumentsResolver, BodyDocumentUploadResolver, DocumentVersionResolver],
};
