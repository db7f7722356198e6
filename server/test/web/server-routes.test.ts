import { describe, expect, it } from 'vitest';
import { isServerRoute, serverRoutePattern } from '../../src/http/server-routes.js';

describe('the routes of the server, which the web app never answers', () => {
  it('are each prefix and what lies below it, with or without a query string', () => {
    for (const path of [
      '/graphql',
      '/graphql?query=1',
      '/downloads/abc/rapport.pdf',
      '/proof/abc',
      '/tsa',
      '/realms/cartable/protocol',
      '/app-config.json',
      '/public/ville-besancon/actes',
      '/acts/abc/deliberation.pdf',
    ]) {
      expect(isServerRoute(path), path).toBe(true);
    }
  });

  it('are not the pages of the app, even those starting with the same letters', () => {
    for (const path of [
      '/',
      '/seances/abc/def',
      '/organismes/ville/seances/1',
      '/profil',
      '/graphqlx',
      '/proofs',
      '/downloadsx/a',
      '/app-config.jsonx',
      '/publications',
      '/a-signer',
    ]) {
      expect(isServerRoute(path), path).toBe(false);
    }
  });

  it('is one regular expression, as the service worker’s navigation route takes it', () => {
    expect(serverRoutePattern.test('/storage/object?token=x')).toBe(true);
    expect(serverRoutePattern.test('/recherche?q=budget')).toBe(false);
  });
});
