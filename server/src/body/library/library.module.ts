import type { FeatureModule } from '../../module/feature-module.js';
import { BodyLibraryResolver, LibraryResolver } from './library.resolver.js';

/** The body's library: documents outside meetings (docs/features/library.md); its entities are the documents'. */
export const libraryModule: FeatureModule = {
  entities: [],
  resolvers: [LibraryResolver, BodyLibraryResolver],
};
