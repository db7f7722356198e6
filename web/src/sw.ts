/// <reference lib="webworker" />
import { serverRoutePattern } from '@shared/server-routes';
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

/**
 * The service worker: the app shell precached for offline use (scripts, styles, fonts, the pdf.js
 * worker; data is kept by the app in IndexedDB), every page of the app answered with it — never a route
 * of the server — and the web push alerts of convocations shown as notifications that open the meeting.
 */
declare const self: ServiceWorkerGlobalScope;

// A new version takes over at once, and the open pages reload (registerSW in autoUpdate mode).
void self.skipWaiting();
clientsClaim();
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [serverRoutePattern] }));

/** What the server sends (server/src/notify/push.ts `PushPayload`). */
interface PushPayload {
  title: string;
  body: string;
  url: string;
  tag: string;
}

/** Only the app's own pages are opened: anything else falls back to the inbox. */
function ownUrl(url: string): string {
  const parsed = URL.parse(url, self.location.origin);
  return parsed?.origin === self.location.origin ? parsed.href : new URL('/', self.location.origin).href;
}

self.addEventListener('push', (event) => {
  const payload = event.data?.json() as Partial<PushPayload> | undefined;
  if (!payload?.title) return;
  event.waitUntil(
    self.registration.showNotification(payload.title, {
      body: payload.body ?? '',
      tag: payload.tag,
      icon: '/icons/icon-192.png',
      lang: 'fr',
      data: { url: ownUrl(payload.url ?? '/') },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data as { url?: string } | null)?.url ?? ownUrl('/');
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (!open) return void (await self.clients.openWindow(url));
      await ((await open.navigate(url)) ?? open).focus();
    })(),
  );
});
