import type { FeatureModule } from '../module/feature-module.js';
import { actsPath, createActDownloadRouter } from './act-download.router.js';
import { ActSettings, Deliberation, DeliberationSignature } from './deliberation.entity.js';
import { DeliberationResolver } from './deliberation.resolver.js';
import type { ActServices } from './deliberation.service.js';
import { ProcesVerbal, ProcesVerbalSignature, ProcesVerbalSummary } from './proces-verbal.entity.js';
import { ProcesVerbalResolver } from './proces-verbal.resolver.js';
import { createPublicActsRouter, publicPath } from './public-acts.router.js';
import { Circuit, CircuitSettings, Projet, ProjetAction, ProjetDocument } from './circuits/circuit.entity.js';
import { CircuitResolver, ProjetDocumentResolver } from './circuits/circuit.resolver.js';

declare module '../graphql/context.js' {
  interface FeatureServices {
    /** The acts' signing credentials and timestamp authority. */
    acts: ActServices;
  }
}

export const actsModule: FeatureModule = {
  entities: [
    Deliberation,
    DeliberationSignature,
    ActSettings,
    ProcesVerbal,
    ProcesVerbalSummary,
    ProcesVerbalSignature,
    Circuit,
    CircuitSettings,
    Projet,
    ProjetAction,
    ProjetDocument,
  ],
  resolvers: [DeliberationResolver, ProcesVerbalResolver, CircuitResolver, ProjetDocumentResolver],
  routers: ({ orm, links, publicUrl, environment }) => [
    { path: actsPath, router: createActDownloadRouter({ orm, links, environment }) },
    { path: publicPath, router: createPublicActsRouter({ orm, publicUrl }) },
  ],
};
