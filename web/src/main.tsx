import { ApolloProvider } from '@apollo/client/react';
import { startReactDsfr } from '@codegouvfr/react-dsfr/spa';
import '@codegouvfr/react-dsfr/main.css';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Link } from 'react-router';
import { registerSW } from 'virtual:pwa-register';
import { AppContext } from './app/app-context.ts';
import { App } from './app/App.tsx';
import { loadAppConfig } from './app/config.ts';
import { PublicApp } from './app/PublicApp.tsx';
import { callbackPath, Session } from './auth/session.ts';
import { createGraphqlClient } from './graphql/client.ts';
import './ui/app.css';
import { userError } from './ui/error-message.ts';

declare module '@codegouvfr/react-dsfr/spa' {
  interface RegisterLink {
    Link: typeof Link;
  }
}

startReactDsfr({ defaultColorScheme: 'system', Link });
// The service worker keeps the app shell for offline use; a new version applies on the next load.
registerSW({ immediate: true });

const root = createRoot(document.getElementById('root')!);
const render = (node: ReactNode) => root.render(<StrictMode>{node}</StrictMode>);

async function start() {
  const session = new Session(await loadAppConfig());
  // Right after a login that asked for no page in particular, each role lands on its own home.
  let landing = false;
  if (location.pathname === callbackPath) {
    try {
      const returnTo = await session.completeLogin();
      landing = returnTo === '/';
      history.replaceState(null, '', returnTo);
    } catch {
      render(<PublicApp session={session} failed />);
      return;
    }
  }
  const user = await session.user();
  if (!user) {
    render(<PublicApp session={session} />);
    return;
  }
  const client = createGraphqlClient(session);
  render(
    <AppContext value={{ session, owner: user.profile.sub, displayName: user.profile.name ?? user.profile.preferred_username ?? '' }}>
      <ApolloProvider client={client}>
        <BrowserRouter>
          <App landing={landing} />
        </BrowserRouter>
      </ApolloProvider>
    </AppContext>,
  );
}

start().catch((error: unknown) => render(<p role="alert">{userError(error).message}</p>));
