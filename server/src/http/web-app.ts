import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type Response } from 'express';
import type { Config } from '../config/env.js';
import { isServerRoute } from './server-routes.js';
import { channelsOff } from '../notify/channels/registry.js';

/** The built web app (`npm run build` in `web/`), unless WEB_DIST_DIR says otherwise. */
export const defaultWebDistDirectory = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const oneYearSeconds = 31_536_000;

/** What the browser app needs to know at run time (the same build serves any deployment). */
export interface WebAppConfig {
  oidcAuthority: string;
  clientId: string;
  /** What the legal pages say of the service's publisher, host and contact (null: not set by the operator). */
  legal: { publisher: string | null; host: string | null; contactEmail: string | null };
  /** Whether this server sends SMS (an SMS provider is configured): the profile offers SMS alerts only then. */
  smsAvailable: boolean;
}

export function webAppConfig(config: Config): WebAppConfig {
  return {
    oidcAuthority: `${config.identityServerUrl}/realms/${config.OIDC_REALM}`,
    clientId: config.WEB_CLIENT_ID,
    legal: { publisher: config.LEGAL_PUBLISHER ?? null, host: config.LEGAL_HOST ?? null, contactEmail: config.LEGAL_CONTACT_EMAIL ?? null },
    smsAvailable: !channelsOff(config).some((off) => off.channel === 'SMS'),
  };
}

/**
 * Where the app shell may connect to besides itself: the identity server when it is not the app, and the
 * S3 endpoint (documents are read straight from the bucket with Range requests).
 */
function connectSources(config: Config): string[] {
  const origins = new Set<string>(["'self'"]);
  if (!config.embeddedIdentityProvider) origins.add(new URL(config.identityServerUrl).origin);
  if (config.STORAGE_DRIVER === 's3' && config.S3_ENDPOINT) {
    const endpoint = new URL(config.S3_ENDPOINT);
    origins.add(endpoint.origin);
    if (!config.S3_FORCE_PATH_STYLE && config.S3_BUCKET) origins.add(`${endpoint.protocol}//${config.S3_BUCKET}.${endpoint.host}`);
  }
  return [...origins];
}

export function contentSecurityPolicy(config: Config): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // The design system sets inline styles (icons, sizes); no inline script is allowed.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connectSources(config).join(' ')}`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

function setShellHeaders(response: Response, policy: string): void {
  response.setHeader('Cache-Control', 'no-cache');
  response.setHeader('Content-Security-Policy', policy);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'same-origin');
}

/**
 * Serves the built web app at `/`: hashed assets (`/assets/…`) cached for a year, everything else
 * (index.html, service worker, manifest) revalidated on each load, and `index.html` for any other page
 * the browser asks for (client-side routes). Mounted after the server's own routes, and it never answers
 * under them (`server-routes.ts`), so an unknown API path stays a 404.
 */
export function createWebAppRouter(config: Config): Router {
  const directory = path.resolve(config.WEB_DIST_DIR ?? defaultWebDistDirectory);
  const router = Router();
  const policy = contentSecurityPolicy(config);
  const indexFile = path.join(directory, 'index.html');
  const clientConfig = JSON.stringify(webAppConfig(config));

  router.get('/app-config.json', (_request, response) => {
    response.setHeader('Cache-Control', 'no-cache');
    response.type('application/json').send(clientConfig);
  });

  router.use(
    express.static(directory, {
      index: false,
      fallthrough: true,
      setHeaders(response, file) {
        if (path.relative(directory, file).startsWith(`assets${path.sep}`)) {
          response.setHeader('Cache-Control', `public, max-age=${oneYearSeconds}, immutable`);
        } else {
          setShellHeaders(response, policy);
        }
      },
    }),
  );

  router.get(/.*/, (request, response, next) => {
    // A missing file (a dot in the last segment) is a 404, not the app shell.
    if (isServerRoute(request.path) || path.posix.basename(request.path).includes('.') || !request.accepts('html')) return next();
    if (!existsSync(indexFile)) {
      response
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('L’application web n’est pas construite : lancez « npm run build » à la racine du dépôt.');
      return;
    }
    setShellHeaders(response, policy);
    response.sendFile(indexFile);
  });
  return router;
}
