import webpush from 'web-push';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, loadConfig } from '../../src/config/env.js';

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
      DATABASE_POOL_MAX_USES: 500,
      DATABASE_POOL_MAX_LIFETIME_SECONDS: 600,
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

  it('lets tokens of the web app and the CLI in by default, and requires the web client among the allowed ones', () => {
    const keycloak = { OIDC_SERVER_URL: 'http://127.0.0.1:8180', KEYCLOAK_PROVISIONER_SECRET: 'un-secret-de-test' };
    expect(loadConfig(keycloak).OIDC_ALLOWED_CLIENTS).toEqual(['cartable-web', 'cartable-cli']);
    expect(loadConfig({ ...keycloak, OIDC_ALLOWED_CLIENTS: 'portail,cartable-web' }).OIDC_ALLOWED_CLIENTS).toEqual([
      'portail',
      'cartable-web',
    ]);
    expect(() => loadConfig({ ...keycloak, OIDC_ALLOWED_CLIENTS: 'cartable-cli' })).toThrow(
      /^Invalid configuration: OIDC_ALLOWED_CLIENTS must include WEB_CLIENT_ID \(cartable-web\)/,
    );
    expect(() => loadConfig({ ...keycloak, OIDC_ALLOWED_CLIENTS: 'cartable-web, cartable-cli' })).toThrow(
      /^Invalid configuration: OIDC_ALLOWED_CLIENTS /,
    );
  });

  it('requires the provisioning secret with an external identity server, and one in production', () => {
    expect(() => loadConfig({ OIDC_SERVER_URL: 'http://127.0.0.1:8180' })).toThrow(/^Invalid configuration: KEYCLOAK_PROVISIONER_SECRET /);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/^Invalid configuration: OIDC_SERVER_URL is required in production/);
  });

  it('sends email to the demo outbox with a demo sender unless SMTP_URL is set, and requires it in production', () => {
    const demo = loadConfig({});
    expect(demo.SMTP_URL).toBeUndefined();
    expect(demo.MAIL_FROM).toBe('Cartable <ne-pas-repondre@demo.cartable.fr>');
    expect(demo.VAPID_SUBJECT).toBe('mailto:ne-pas-repondre@demo.cartable.fr');
    const production = {
      NODE_ENV: 'production',
      OIDC_SERVER_URL: 'https://sso.example.fr',
      KEYCLOAK_PROVISIONER_SECRET: 'un-secret-de-test',
    };
    expect(() => loadConfig(production)).toThrow(/^Invalid configuration: SMTP_URL is required in production/);
    expect(() => loadConfig({ ...production, SMTP_URL: 'smtp://relais.example.fr:587' })).toThrow(
      /^Invalid configuration: MAIL_FROM is required when SMTP_URL is set/,
    );
    const configured = loadConfig({
      ...production,
      SMTP_URL: 'smtps://cartable:motdepasse@relais.example.fr:465',
      MAIL_FROM: 'Mairie de Besançon <convocations@besancon.example.fr>',
      VAPID_SUBJECT: 'https://cartable.besancon.example.fr/contact',
    });
    expect(configured).toMatchObject({
      MAIL_FROM: 'Mairie de Besançon <convocations@besancon.example.fr>',
      VAPID_SUBJECT: 'https://cartable.besancon.example.fr/contact',
    });
  });

  it('checks the email settings without echoing a password', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://relais.example.fr' })).toThrow(/^Invalid configuration: SMTP_URL must be smtp:/);
    expect(() => loadConfig({ SMTP_URL: 'smtp://cartable:motdepasse@relais example' })).toThrow(/^Invalid configuration: SMTP_URL [^(]*$/);
    expect(() => loadConfig({ MAIL_FROM: 'convocations' })).toThrow(/^Invalid configuration: MAIL_FROM must be one address/);
    expect(() => loadConfig({ MAIL_FROM: 'a@example.fr, b@example.fr' })).toThrow(/^Invalid configuration: MAIL_FROM /);
    expect(() => loadConfig({ VAPID_SUBJECT: 'contact@example.fr' })).toThrow(
      /^Invalid configuration: VAPID_SUBJECT must be a mailto: or https: URL/,
    );
  });

  it('takes Stripe keys of the right kind, without echoing them', () => {
    expect(loadConfig({ STRIPE_SECRET_KEY: 'sk_test_Abc123', STRIPE_WEBHOOK_SECRET: 'whsec_Abc123' })).toMatchObject({
      STRIPE_SECRET_KEY: 'sk_test_Abc123',
    });
    expect(() => loadConfig({ STRIPE_SECRET_KEY: 'pk_live_Publishable1' })).toThrow(
      /^Invalid configuration: STRIPE_SECRET_KEY must be a Stripe secret key \(sk_test_…, sk_live_…\)$/,
    );
    expect(() => loadConfig({ STRIPE_WEBHOOK_SECRET: 'sk_live_Wrong' })).toThrow(
      /^Invalid configuration: STRIPE_WEBHOOK_SECRET must be a webhook signing secret \(whsec_…\)$/,
    );
  });

  it('enables SMS only with a provider, its key and a sender name', () => {
    expect(loadConfig({}).SMS_PROVIDER).toBeUndefined();
    expect(() => loadConfig({ SMS_PROVIDER: 'twilio' })).toThrow(/^Invalid configuration: SMS_PROVIDER /);
    expect(() => loadConfig({ SMS_PROVIDER: 'brevo', SMS_SENDER: 'Besancon' })).toThrow(
      /^Invalid configuration: SMS_API_KEY is required when SMS_PROVIDER is set/,
    );
    expect(() => loadConfig({ SMS_PROVIDER: 'brevo', SMS_API_KEY: 'xkeysib-1' })).toThrow(/^Invalid configuration: SMS_SENDER is required/);
    expect(() => loadConfig({ SMS_API_KEY: 'xkeysib-1' })).toThrow(
      /^Invalid configuration: SMS_PROVIDER is required when SMS_API_KEY is set/,
    );
    for (const sender of ['Mairie de Besançon', 'AB', 'VilleDeBesancon', '1234567890123456']) {
      expect(() => loadConfig({ SMS_PROVIDER: 'brevo', SMS_API_KEY: 'xkeysib-1', SMS_SENDER: sender })).toThrow(
        /^Invalid configuration: SMS_SENDER /,
      );
    }
    const sms = loadConfig({
      SMS_PROVIDER: 'brevo',
      SMS_API_KEY: 'xkeysib-1',
      SMS_SENDER: 'Besancon',
      SMS_API_URL: 'http://127.0.0.1:9000/v3',
    });
    expect(sms).toMatchObject({ SMS_PROVIDER: 'brevo', SMS_SENDER: 'Besancon', SMS_API_URL: 'http://127.0.0.1:9000/v3' });
  });

  it('takes a VAPID key pair from the environment only whole and matching, and never echoes the private key', () => {
    const keys = webpush.generateVAPIDKeys();
    const pair = { VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey };
    expect(loadConfig(pair)).toMatchObject(pair);
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: pair.VAPID_PUBLIC_KEY })).toThrow(
      /^Invalid configuration: VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together/,
    );
    expect(() => loadConfig({ ...pair, VAPID_PUBLIC_KEY: webpush.generateVAPIDKeys().publicKey })).toThrow(
      /^Invalid configuration: VAPID_PUBLIC_KEY is not the public key of VAPID_PRIVATE_KEY$/,
    );
    expect(() => loadConfig({ ...pair, VAPID_PRIVATE_KEY: 'A'.repeat(43) })).toThrow(
      /^Invalid configuration: VAPID_PRIVATE_KEY is not a P-256 private key$/,
    );
    expect(() => loadConfig({ ...pair, VAPID_PRIVATE_KEY: 'trop-court' })).toThrow(
      /^Invalid configuration: VAPID_PRIVATE_KEY must be a base64url P-256 private key \(43 characters\)$/,
    );
  });

  it('uses the embedded TSA by default, and a remote one pinned to chosen roots when TSA_URL is set', () => {
    expect(loadConfig({}).TSA_URL).toBeUndefined();
    expect(loadConfig({ TSA_URL: 'https://tsa.example.eu/tsp', TSA_CA_CERTS_FILE: '/etc/cartable/tsa-ca.pem' })).toMatchObject({
      TSA_URL: 'https://tsa.example.eu/tsp',
      TSA_CA_CERTS_FILE: '/etc/cartable/tsa-ca.pem',
    });
    expect(() => loadConfig({ TSA_URL: 'ftp://tsa.example.eu' })).toThrow(/^Invalid configuration: TSA_URL /);
    expect(() => loadConfig({ TSA_CA_CERTS_FILE: '/etc/cartable/tsa-ca.pem' })).toThrow(/TSA_CA_CERTS_FILE is only used with TSA_URL/);
    const production = {
      NODE_ENV: 'production',
      OIDC_SERVER_URL: 'https://id.example.eu',
      KEYCLOAK_PROVISIONER_SECRET: 'un-secret-de-test',
      SMTP_URL: 'smtp://relais.example.eu:587',
      MAIL_FROM: 'convocations@example.eu',
    };
    expect(() => loadConfig({ ...production, TSA_URL: 'https://tsa.example.eu/tsp' })).toThrow(
      /TSA_CA_CERTS_FILE is required with TSA_URL in production/,
    );
  });

  it('releases a dead job runner’s jobs after a minute by default, and only after at least two missed heartbeats', () => {
    expect(loadConfig({})).toMatchObject({ JOBS_HEARTBEAT_MS: 10_000, JOBS_DEAD_AFTER_MS: 60_000 });
    expect(loadConfig({ JOBS_HEARTBEAT_MS: '300', JOBS_DEAD_AFTER_MS: '1500' })).toMatchObject({
      JOBS_HEARTBEAT_MS: 300,
      JOBS_DEAD_AFTER_MS: 1_500,
    });
    expect(() => loadConfig({ JOBS_HEARTBEAT_MS: '10000', JOBS_DEAD_AFTER_MS: '15000' })).toThrow(
      /^Invalid configuration: JOBS_DEAD_AFTER_MS must be at least twice JOBS_HEARTBEAT_MS/,
    );
  });

  it('trusts X-Forwarded-For from loopback by default, from the proxies named, never from anyone', () => {
    expect(loadConfig({}).TRUST_PROXY).toEqual(['loopback']);
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8, 192.0.2.7' }).TRUST_PROXY).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
      '192.0.2.7',
    ]);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/^Invalid configuration: TRUST_PROXY must not be true/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(
      /^Invalid configuration: TRUST_PROXY must be false, a number of proxy hops/,
    );
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.example.eu' })).toThrow(/^Invalid configuration: TRUST_PROXY /);
  });

  it('has login protection settings with Keycloak-like defaults, the longest lockout no shorter than the first', () => {
    expect(loadConfig({})).toMatchObject({
      LOGIN_LOCKOUT_FAILURES: 10,
      LOGIN_LOCKOUT_SECONDS: 60,
      LOGIN_LOCKOUT_MAX_SECONDS: 900,
      LOGIN_FAILURE_RESET_SECONDS: 43_200,
      LOGIN_IP_REQUESTS_PER_MINUTE: 600,
      LOGIN_IP_FAILURES_PER_HOUR: 100,
    });
    expect(() => loadConfig({ LOGIN_LOCKOUT_SECONDS: '600', LOGIN_LOCKOUT_MAX_SECONDS: '300' })).toThrow(
      /^Invalid configuration: LOGIN_LOCKOUT_MAX_SECONDS must be at least LOGIN_LOCKOUT_SECONDS \(600\)$/,
    );
  });
});
