/**
 * Paths the server itself answers: the web app never shadows them with its SPA fallback, neither the
 * server's (`web-app.ts`) nor the service worker's navigation route (`web/src/sw.ts`). No imports: the
 * web build reads this file too.
 */
export const serverRoutePrefixes = [
  '/graphql',
  '/realms',
  '/healthz',
  '/readyz',
  '/storage',
  '/downloads',
  '/proof',
  '/tsa',
  '/assets',
  '/app-config.json',
  '/invoices',
  '/live',
  '/public',
  '/acts',
  '/calendar',
] as const;

/** A path (with or without its query string) that is one of the prefixes or below one. */
export const serverRoutePattern = new RegExp(
  `^(?:${serverRoutePrefixes.map((prefix) => prefix.replace(/\./g, '\\.')).join('|')})(?:[/?]|$)`,
);

export function isServerRoute(path: string): boolean {
  return serverRoutePattern.test(path);
}
