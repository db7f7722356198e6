/**
 * Paths the server itself answers: the web app never shadows them with its SPA fallback, neither the
 * server's (`web-app.ts`) nor the service worker's navigation route (`web/src/sw.ts`). No imports: the
 * web build reads this file too.
 */
export const serverRoutePrefixes = ['/graphql', '/realms', '/healthz', '/readyz', '/storage', '/downloads', '/proof', '/tsa', '/assets', '/app-config.json'] as const;

/** Whether a path is one of the server's own (the prefix itself or below it). */
export function isServerRoute(path: string): boolean {
  return serverRoutePrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}
