import { Notice } from '@codegouvfr/react-dsfr/Notice';
import { SkipLinks } from '@codegouvfr/react-dsfr/SkipLinks';
import { useQuery } from '@apollo/client/react';
import type { ReactNode } from 'react';
import { useLocation } from 'react-router';
import { MyBodiesQuery } from '../graphql/operations.ts';
import { messages } from '../i18n/messages.ts';
import { useOnline } from '../offline/use-online.ts';
import { isUserChange } from '../offline/sync-queue.ts';
import { useQueue } from '../offline/use-queue.ts';
import { useConsoleBodies } from '../secretariat/use-console-bodies.ts';
import { AppFooter } from '../ui/AppFooter.tsx';
import { AppHeader, type HeaderBrand } from '../ui/AppHeader.tsx';
import { useApp } from './app-context.ts';

const m = messages;

/** Cartable's own brand, before login and where no one body is in view. */
export const cartableBrand: HeaderBrand = { title: m.app.name, tagline: m.app.tagline };

/**
 * The body the header shows: the one of the screen (`/secretariat/<slug>`, `/organismes/<slug>`), else
 * the person's only body; Cartable's brand when they belong to several and the screen is none's.
 */
function useHeaderBrand(memberships: readonly { body: { slug: string; name: string; logoUrl?: string | null } }[]): HeaderBrand {
  const { pathname } = useLocation();
  const slug = /^\/(?:secretariat|organismes)\/([^/]+)/.exec(pathname)?.[1];
  const bodies = [...new Map(memberships.map(({ body }) => [body.slug, body])).values()];
  const body = bodies.find((candidate) => candidate.slug === slug) ?? (bodies.length === 1 ? bodies[0] : undefined);
  return body ? { title: body.name, tagline: m.identity.bodyTagline, logoUrl: body.logoUrl ?? null } : cartableBrand;
}

/** The frame of every screen: skip links, header (search, account, logout), status of the network and of the sync. */
export function Layout({ children }: { children: ReactNode }) {
  const { session, displayName } = useApp();
  const online = useOnline();
  const { pending: queued, rejected } = useQueue();
  const pending = queued.filter(isUserChange);
  const consoleBodies = useConsoleBodies().bodies;
  const me = useQuery(MyBodiesQuery).data?.me;
  const coordinator = me?.coordinator ?? false;
  const brand = useHeaderBrand(me?.memberships ?? []);
  return (
    <>
      <SkipLinks links={[{ anchor: '#contenu', label: m.app.skipToContent }]} />
      <AppHeader
        brand={brand}
        quickAccessItems={[
          { iconId: 'fr-icon-search-line', linkProps: { to: '/recherche' }, text: m.search.title },
          { iconId: 'fr-icon-book-2-line', linkProps: { to: '/bibliotheque' }, text: m.library.title },
          { iconId: 'fr-icon-user-setting-line', linkProps: { to: '/profil' }, text: m.profile.title },
          { iconId: 'fr-icon-edit-line', linkProps: { to: '/a-signer' }, text: m.acts.title },
          { iconId: 'fr-icon-checkbox-circle-line', linkProps: { to: '/a-viser' }, text: m.visa.title },
          ...(consoleBodies.length > 0
            ? [{ iconId: 'fr-icon-settings-5-line' as const, linkProps: { to: '/secretariat' }, text: m.app.secretariatConsole }]
            : []),
          ...(coordinator
            ? [{ iconId: 'fr-icon-team-line' as const, linkProps: { to: '/coordination' }, text: m.app.coordinationConsole }]
            : []),
          <p key="compte" className="fr-btn fr-btn--tertiary-no-outline fr-icon-account-circle-line fr-btn--icon-left cartable-account">
            {m.auth.account(displayName)}
          </p>,
          { iconId: 'fr-icon-logout-box-r-line', buttonProps: { onClick: () => void session.logout() }, text: m.auth.logout },
        ]}
      />
      <div role="status" aria-live="polite" className="cartable-status">
        {!online && <Notice title={m.network.offlineNotice} />}
        {pending.length > 0 && <p className="fr-badge fr-badge--info fr-m-1w">{m.network.pending(pending.length)}</p>}
        {rejected.length > 0 && <p className="fr-badge fr-badge--error fr-m-1w">{m.network.rejected(rejected.length)}</p>}
      </div>
      <main id="contenu" tabIndex={-1} className="fr-container fr-py-3w">
        {children}
      </main>
      <AppFooter />
    </>
  );
}
