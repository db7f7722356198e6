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
import { LoginPage } from './auth/LoginPage.tsx';
import { callbackPath, Session } from './auth/session.ts';
import { createGraphqlClient } from './graphql/client.ts';
import { messages } from './i18n/messages.ts';
import './ui/app.css';

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
  if (location.pathname === callbackPath) {
    try {
      history.replaceState(null, '', await session.completeLogin());
    } catch {
      render(<LoginPage session={session} failed />);
      return;
    }
  }
  const user = await session.user();
  if (!user) {
    render(<LoginPage session={session} />);
    return;
  }
  const client = createGraphqlClient(session);
  render(
    <AppContext value={{ session, owner: user.profile.sub, displayName: user.profile.name ?? user.profile.preferred_username ?? '' }}>
      <ApolloProvider client={client}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </ApolloProvider>
    </AppContext>,
  );
}

start().catch((error: unknown) => render(<p role="alert">{messages.app.error(error instanceof Error ? error.message : String(error))}</p>));
