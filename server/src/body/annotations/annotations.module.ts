import type { FeatureModule } from '../../module/feature-module.js';
import { Annotation } from './annotation.entity.js';
import { DocumentAnnotationsResolver } from './annotation.resolver.js';

export const annotationsModule: FeatureModule = {
  entities: [Annotation],
  resolvers: [DocumentAnnotationsResolver],
};
