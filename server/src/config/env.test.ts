import { describe, expect, it } from 'vitest';
import { ConfigurationError, loadConfig } from './env.js';

describe('loadConfig', () => {
  it('applies documented defaults to an empty environment', () => {
    const config = loadConfig({}, '/srv/cartable');
    expect(config).toMatchObject({
      PORT: 4000,
      HOST: '127.0.0.1',
      CARTABLE_DEMO: true,
      dataDir: '/srv/cartable/.cartable',
      publicUrl: 'http://localhost:4000',
      identityServerUrl: 'http://localhost:4000',
      embeddedIdentityProvider: true,
    });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).PORT).toBe(4000);
  });

  it('names the variable and the bad value in one line', () => {
    expect(() => loadConfig({ PORT: 'quatre-mille' })).toThrow(ConfigurationError);
    expect(() => loadConfig({ PORT: 'quatre-mille' })).toThrow(/^Invalid configuration: PORT .* \(got "quatre-mille"\)$/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/cartable' })).toThrow(/^Invalid configuration: DATABASE_URL /);
    expect(() => loadConfig({ CARTABLE_DEMO: 'yes' })).toThrow(/^Invalid configuration: CARTABLE_DEMO /);
  });

  it('switches to an external identity server when OIDC_SERVER_URL is set', () => {
    const config = loadConfig({ OIDC_SERVER_URL: 'http://127.0.0.1:8180/', KEYCLOAK_PROVISIONER_SECRET: 'un-secret-de-test' });
    expect(config.identityServerUrl).toBe('http://127.0.0.1:8180');
    expect(config.embeddedIdentityProvider).toBe(false);
  });

  it('requires the provisioning secret with an external identity server, and one in production', () => {
    expect(() => loadConfig({ OIDC_SERVER_URL: 'http://127.0.0.1:8180' })).toThrow(/^Invalid configuration: KEYCLOAK_PROVISIONER_SECRET /);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/^Invalid configuration: OIDC_SERVER_URL is required in production/);
  });

  it('uses the embedded TSA by default, and a remote one pinned to chosen roots when TSA_URL is set', () => {
    expect(loadConfig({}).TSA_URL).toBeUndefined();
    expect(loadConfig({ TSA_URL: 'https://tsa.example.eu/tsp', TSA_CA_CERTS_FILE: '/etc/cartable/tsa-ca.pem' })).toMatchObject({
      TSA_URL: 'https://tsa.example.eu/tsp',
      TSA_CA_CERTS_FILE: '/etc/cartable/tsa-ca.pem',
    });
    expect(() => loadConfig({ TSA_URL: 'ftp://tsa.example.eu' })).toThrow(/^Invalid configuration: TSA_URL /);
    expect(() => loadConfig({ TSA_CA_CERTS_FILE: '/etc/cartable/tsa-ca.pem' })).toThrow(/TSA_CA_CERTS_FILE is only used with TSA_URL/);
    const production = { NODE_ENV: 'production', OIDC_SERVER_URL: 'https://id.example.eu', KEYCLOAK_PROVISIONER_SECRET: 'un-secret-de-test' };
    expect(() => loadConfig({ ...production, TSA_URL: 'https://tsa.example.eu/tsp' })).toThrow(/TSA_CA_CERTS_FILE is required with TSA_URL in production/);
  });
});
