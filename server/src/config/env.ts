import { createECDH } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { mailboxAddress } from '../common/mailbox.js';

/** Treats an empty variable (`FOO=` copied from .env.example) as unset, so its default applies. */
const optional = <T extends z.ZodType>(type: T) => z.preprocess((value) => (value === '' ? undefined : value), type.optional());

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Express's names for address ranges, accepted in TRUST_PROXY besides addresses and subnets. */
const proxyRangeNames = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (proxyRangeNames.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
}

/**
 * Express's `trust proxy`: `false` (the peer is the client), a number of proxy hops, or the proxies'
 * addresses, subnets and range names. `true` (trust any peer's X-Forwarded-For) is refused: any client
 * could then choose its own address and escape the per-address limits.
 */
const trustProxy = z
  .string()
  .transform((value) => value.trim())
  .refine((value) => value !== 'true', "must not be true (any client could choose its address): give a hop count or the proxies' addresses")
  .refine(
    (value) => value === 'false' || /^\d{1,2}$/.test(value) || value.split(',').every((entry) => isProxyAddress(entry.trim())),
    'must be false, a number of proxy hops, or addresses/subnets/loopback/linklocal/uniquelocal separated by commas',
  )
  .transform((value): false | number | string[] =>
    value === 'false' ? false : /^\d+$/.test(value) ? Number(value) : value.split(',').map((entry) => entry.trim()),
  );

const environmentSchema = z.object({
  NODE_ENV: optional(z.enum(['development', 'test', 'production'])).default('development'),
  HOST: optional(z.string().min(1)).default('127.0.0.1'),
  PORT: optional(integer(0, 65535)).default(4000),
  PUBLIC_URL: optional(z.url({ protocol: /^https?$/ })),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])).default('info'),
  DATABASE_URL: optional(z.url({ protocol: /^postgres(ql)?$/ })),
  DATABASE_POOL_MAX: optional(integer(2, 200)).default(10),
  /** Checkouts after which a pooled connection is closed and replaced, so no backend keeps the catalog of every body it touched. */
  DATABASE_POOL_MAX_USES: optional(integer(1, 1_000_000)).default(500),
  /** Age after which an idle pooled connection is closed and replaced; 0: no limit. */
  DATABASE_POOL_MAX_LIFETIME_SECONDS: optional(integer(0, 86_400)).default(600),
  CARTABLE_DATA_DIR: optional(z.string().min(1)).default('.cartable'),
  EMBEDDED_POSTGRES_PORT: optional(integer(1024, 65535)).default(54320),
  CARTABLE_DEMO: optional(z.enum(['true', 'false']))
    .default('true')
    .transform((value) => value === 'true'),
  /** With the demo: a séance held today in each body and a past séance with its votes (the end-to-end journeys of the convocation turn it off). */
  CARTABLE_DEMO_SEANCES: optional(z.enum(['true', 'false']))
    .default('true')
    .transform((value) => value === 'true'),
  SHUTDOWN_TIMEOUT_MS: optional(integer(100, 120_000)).default(10_000),
  GRAPHQL_MAX_DEPTH: optional(integer(2, 50)).default(10),
  GRAPHQL_MAX_ALIASES: optional(integer(1, 100)).default(15),
  GRAPHQL_MAX_TOKENS: optional(integer(100, 100_000)).default(2_000),
  /** Cost budget of one operation: every field 1, a list's children times its `limit` (docs/security/api-limits.md). */
  GRAPHQL_MAX_COST: optional(integer(100, 10_000_000)).default(100_000),
  HTTP_BODY_LIMIT_KB: optional(integer(1, 10_240)).default(256),
  /**
   * Which peers' X-Forwarded-For gives the client address (per-address login limits, logs): `false`, a
   * hop count, or the proxies' addresses/subnets (`loopback`, `10.0.0.0/8`, …). Default: loopback.
   */
  TRUST_PROXY: optional(trustProxy).default(['loopback']),
  /** Failed logins of one account (or unknown login) in a row that lock it; Keycloak's failureFactor. */
  LOGIN_LOCKOUT_FAILURES: optional(integer(1, 1_000)).default(10),
  /** First lockout, in seconds; each further lockout in a row waits twice as long. */
  LOGIN_LOCKOUT_SECONDS: optional(integer(1, 86_400)).default(60),
  /** Longest lockout, in seconds; Keycloak's maxFailureWaitSeconds. */
  LOGIN_LOCKOUT_MAX_SECONDS: optional(integer(1, 604_800)).default(900),
  /** Seconds without a failure after which the failures and lockouts are forgotten; Keycloak's maxDeltaTimeSeconds. */
  LOGIN_FAILURE_RESET_SECONDS: optional(integer(60, 2_592_000)).default(43_200),
  /** Requests per client address and minute to the token endpoint, and to the login form, each. */
  LOGIN_IP_REQUESTS_PER_MINUTE: optional(integer(1, 1_000_000)).default(600),
  /** Failed logins per client address and hour (any login, both endpoints); beyond, its logins get 429. */
  LOGIN_IP_FAILURES_PER_HOUR: optional(integer(1, 1_000_000)).default(100),
  OIDC_SERVER_URL: optional(z.url({ protocol: /^https?$/ })),
  OIDC_REALM: optional(z.string().regex(/^[\w-]+$/)).default('cartable'),
  OIDC_AUDIENCE: optional(z.string().min(1)).default('cartable-api'),
  /**
   * With OIDC_SERVER_URL: the clients users log in through, comma-separated; an access token's `azp` must
   * be one of them (the embedded provider takes its public clients from the realm file).
   */
  OIDC_ALLOWED_CLIENTS: optional(z.string().regex(/^[^,\s]+(,[^,\s]+)*$/, 'must be client ids separated by commas, without spaces'))
    .default('cartable-web,cartable-cli')
    .transform((value) => value.split(',')),
  KEYCLOAK_PROVISIONER_CLIENT_ID: optional(z.string().min(1)).default('cartable-provisioner'),
  KEYCLOAK_PROVISIONER_SECRET: optional(z.string().min(8)),
  STORAGE_DRIVER: optional(z.enum(['local', 's3'])).default('local'),
  /** Signs the local storage's upload policies and download links; generated in the data folder when empty. */
  STORAGE_SECRET: optional(z.string().min(32)),
  /** Signs the short-lived download links of the API (proof files, recorded document downloads); generated when empty. */
  LINK_SECRET: optional(z.string().min(32)),
  S3_ENDPOINT: optional(z.url({ protocol: /^https?$/ })),
  S3_REGION: optional(z.string().min(1)).default('us-east-1'),
  S3_BUCKET: optional(z.string().min(3)),
  S3_ACCESS_KEY_ID: optional(z.string().min(1)),
  S3_SECRET_ACCESS_KEY: optional(z.string().min(1)),
  S3_FORCE_PATH_STYLE: optional(z.enum(['true', 'false']))
    .default('true')
    .transform((value) => value === 'true'),
  DOCUMENT_MAX_MB: optional(integer(1, 2_048)).default(200),
  /**
   * Documents larger than this go in parts of this size, each resumable; S3 wants at least 5 MiB
   * (checked with STORAGE_DRIVER=s3), the local driver accepts 64 KiB for tests.
   */
  UPLOAD_PART_SIZE_BYTES: optional(integer(64 * 1024, 512 * 1_048_576)).default(8 * 1_048_576),
  /** PDF inspections run at once (each a worker thread and a core); the others wait. Default: one per core. */
  PDF_INSPECTIONS: optional(integer(1, 64)),
  /** What one stream of an uploaded PDF may inflate to, and all of them (MiB); beyond, PDF_TOO_COMPLEX. */
  PDF_MAX_STREAM_MB: optional(integer(1, 4_096)).default(128),
  PDF_MAX_INFLATED_MB: optional(integer(1, 65_536)).default(1_024),
  /** Memory of one inspection's worker thread (V8 heap and decoded buffers, MiB); beyond, PDF_TOO_COMPLEX. */
  PDF_WORKER_MEMORY_MB: optional(integer(64, 16_384)).default(512),
  /** Hours before a meeting when officials who have not acknowledged their convocation get a reminder. */
  CONVOCATION_REMINDER_HOURS: optional(integer(1, 720)).default(48),
  /** Seconds a batch of evidence events (receipts, answers, deliveries) waits before its RFC 3161 token. */
  EVIDENCE_ANCHOR_BATCH_SECONDS: optional(integer(0, 3_600)).default(30),
  /** Jobs (deliveries, letters, timestamps) run at once by this process; 0 runs no worker here. */
  JOBS_CONCURRENCY: optional(integer(0, 100)).default(4),
  /** How often a job runner records that it is alive (see docs/reliability/crash-safety.md). */
  JOBS_HEARTBEAT_MS: optional(integer(100, 600_000)).default(10_000),
  /** After how long without a heartbeat a runner counts as dead and its jobs are released; ≥ 2 heartbeats. */
  JOBS_DEAD_AFTER_MS: optional(integer(500, 4 * 3_600_000)).default(60_000),
  /** Billing is enabled when a Stripe secret key is set (test keys `sk_test_…` for stripe-mock and test mode). */
  STRIPE_SECRET_KEY: optional(z.string().regex(/^(sk|rk)_(test|live)_\w+$/, 'must be a Stripe secret key (sk_test_…, sk_live_…)')),
  /** Signing secret of the webhook endpoint (POST /webhooks/stripe); the endpoint answers 503 without it. */
  STRIPE_WEBHOOK_SECRET: optional(z.string().regex(/^whsec_\w+$/, 'must be a webhook signing secret (whsec_…)')),
  /** Another Stripe API origin, e.g. stripe-mock on loopback (scripts/services/stripe-mock.sh). */
  STRIPE_API_URL: optional(z.url({ protocol: /^https?$/ })),
  /** Where the invitation email sends a new account after it chose its password. */
  WEB_CLIENT_ID: optional(z.string().min(1)).default('cartable-web'),
  SMTP_URL: optional(z.url({ protocol: /^smtps?$/, error: 'must be smtp://[user:password@]host[:port] or smtps://…' })),
  MAIL_FROM: optional(
    z.string().refine((value) => mailboxAddress(value) !== undefined, 'must be one address, e.g. "Cartable <convocations@mairie.fr>"'),
  ),
  /** The legal pages (« Mentions légales », « Données personnelles », « Contact »): who publishes and hosts this service, and its contact address. */
  LEGAL_PUBLISHER: optional(z.string().min(1).max(500)),
  LEGAL_HOST: optional(z.string().min(1).max(500)),
  LEGAL_CONTACT_EMAIL: optional(z.email()),
  SMS_PROVIDER: optional(z.enum(['brevo'])),
  SMS_API_KEY: optional(z.string().min(1)),
  SMS_SENDER: optional(
    z.string().regex(/^(?=.*[A-Za-z])[A-Za-z0-9]{3,11}$|^\d{3,15}$/, 'must be 3 to 11 letters and digits, or a number of up to 15 digits'),
  ),
  SMS_API_URL: optional(z.url({ protocol: /^https?$/ })),
  VAPID_PUBLIC_KEY: optional(z.string().regex(/^[\w-]{87}$/, 'must be a base64url P-256 public key (87 characters)')),
  VAPID_PRIVATE_KEY: optional(z.string().regex(/^[\w-]{43}$/, 'must be a base64url P-256 private key (43 characters)')),
  VAPID_SUBJECT: optional(z.string().regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/, 'must be a mailto: or https: URL')),
  /** RFC 3161 timestamp authority (e.g. a qualified one); unset: the embedded demonstration TSA. */
  TSA_URL: optional(z.url({ protocol: /^https?$/ })),
  /** PEM file of the certificates the TSA's certificate must chain to. */
  TSA_CA_CERTS_FILE: optional(z.string().min(1)),
  /** The built web app served at `/`; default: `web/dist` of this repository. */
  WEB_DIST_DIR: optional(z.string().min(1)),
});

export type Environment = z.infer<typeof environmentSchema>;

export interface Config extends Environment {
  /** Absolute path of CARTABLE_DATA_DIR. */
  dataDir: string;
  /** Origin the app is reached at (issuer of the embedded OpenID provider, links in emails). */
  publicUrl: string;
  /** Base URL of the identity server: OIDC_SERVER_URL (Keycloak), or the app itself (embedded provider). */
  identityServerUrl: string;
  /** True when the app serves its own OpenID provider (no OIDC_SERVER_URL). */
  embeddedIdentityProvider: boolean;
  /** Sender of every email: MAIL_FROM, or the demo sender when there is no SMTP server. */
  MAIL_FROM: string;
  /** Contact given to push services in VAPID tokens: VAPID_SUBJECT, or `mailto:` the MAIL_FROM address. */
  VAPID_SUBJECT: string;
}

/** S3's smallest part (but the last one) of a multipart upload. */
const s3MinPartSize = 5 * 1_048_576;

const demoMailFrom = 'Cartable <ne-pas-repondre@demo.cartable.fr>';

/** Never echoed back in a configuration error: they hold passwords or keys. */
const secretVariables = new Set([
  'DATABASE_URL',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'KEYCLOAK_PROVISIONER_SECRET',
  'STORAGE_SECRET',
  'LINK_SECRET',
  'S3_SECRET_ACCESS_KEY',
  'SMTP_URL',
  'SMS_API_KEY',
  'VAPID_PRIVATE_KEY',
]);

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/**
 * Validates the environment once, at start-up. A bad value stops the process with one line naming the
 * variable and what is wrong with it.
 */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    const received = environment[variable];
    const shown = received === undefined || secretVariables.has(variable) ? '' : ` (got ${JSON.stringify(received)})`;
    throw new ConfigurationError(`Invalid configuration: ${variable} ${issue.message}${shown}`);
  }
  const values = parsed.data;
  if (values.NODE_ENV === 'production' && !values.OIDC_SERVER_URL) {
    throw new ConfigurationError(
      'Invalid configuration: OIDC_SERVER_URL is required in production (the embedded identity provider is for demos and tests)',
    );
  }
  if (values.STORAGE_DRIVER === 's3') {
    for (const name of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
      if (!values[name]) throw new ConfigurationError(`Invalid configuration: ${name} is required when STORAGE_DRIVER=s3`);
    }
    if (values.UPLOAD_PART_SIZE_BYTES < s3MinPartSize) {
      throw new ConfigurationError(
        `Invalid configuration: UPLOAD_PART_SIZE_BYTES must be at least ${s3MinPartSize} (5 MiB) when STORAGE_DRIVER=s3 (got ${values.UPLOAD_PART_SIZE_BYTES})`,
      );
    }
  }
  if (values.OIDC_SERVER_URL && !values.OIDC_ALLOWED_CLIENTS.includes(values.WEB_CLIENT_ID)) {
    throw new ConfigurationError(
      `Invalid configuration: OIDC_ALLOWED_CLIENTS must include WEB_CLIENT_ID (${values.WEB_CLIENT_ID}), or the web app's tokens are refused`,
    );
  }
  if (values.OIDC_SERVER_URL && !values.KEYCLOAK_PROVISIONER_SECRET) {
    throw new ConfigurationError(
      'Invalid configuration: KEYCLOAK_PROVISIONER_SECRET is required when OIDC_SERVER_URL is set (secret of the provisioning service account)',
    );
  }
  checkNotificationChannels(values);
  if (values.JOBS_DEAD_AFTER_MS < 2 * values.JOBS_HEARTBEAT_MS) {
    throw new ConfigurationError(
      `Invalid configuration: JOBS_DEAD_AFTER_MS must be at least twice JOBS_HEARTBEAT_MS (got ${values.JOBS_DEAD_AFTER_MS} and ${values.JOBS_HEARTBEAT_MS})`,
    );
  }
  const mailFrom = values.MAIL_FROM ?? demoMailFrom;
  if (values.TSA_CA_CERTS_FILE && !values.TSA_URL) {
    throw new ConfigurationError('Invalid configuration: TSA_CA_CERTS_FILE is only used with TSA_URL (the embedded TSA has its own root)');
  }
  if (values.TSA_URL && !values.TSA_CA_CERTS_FILE && values.NODE_ENV === 'production') {
    throw new ConfigurationError(
      'Invalid configuration: TSA_CA_CERTS_FILE is required with TSA_URL in production (tokens must chain to a root you chose)',
    );
  }
  if (values.LOGIN_LOCKOUT_MAX_SECONDS < values.LOGIN_LOCKOUT_SECONDS) {
    throw new ConfigurationError(
      `Invalid configuration: LOGIN_LOCKOUT_MAX_SECONDS must be at least LOGIN_LOCKOUT_SECONDS (${values.LOGIN_LOCKOUT_SECONDS})`,
    );
  }
  const publicUrl = (values.PUBLIC_URL ?? `http://localhost:${values.PORT}`).replace(/\/$/, '');
  return Object.freeze({
    ...values,
    dataDir: path.resolve(cwd, values.CARTABLE_DATA_DIR),
    publicUrl,
    identityServerUrl: (values.OIDC_SERVER_URL ?? publicUrl).replace(/\/$/, ''),
    embeddedIdentityProvider: values.OIDC_SERVER_URL === undefined,
    MAIL_FROM: mailFrom,
    VAPID_SUBJECT: values.VAPID_SUBJECT ?? `mailto:${mailboxAddress(mailFrom)}`,
  });
}

/** Email, SMS and push settings that only make sense together. */
function checkNotificationChannels(values: Environment): void {
  if (values.NODE_ENV === 'production' && !values.SMTP_URL) {
    throw new ConfigurationError(
      'Invalid configuration: SMTP_URL is required in production (without it emails only go to the demo outbox folder)',
    );
  }
  if (values.SMTP_URL && !values.MAIL_FROM) {
    throw new ConfigurationError('Invalid configuration: MAIL_FROM is required when SMTP_URL is set (the sender of every email)');
  }
  if (values.SMS_PROVIDER) {
    for (const name of ['SMS_API_KEY', 'SMS_SENDER'] as const) {
      if (!values[name]) throw new ConfigurationError(`Invalid configuration: ${name} is required when SMS_PROVIDER is set`);
    }
  } else if (values.SMS_API_KEY) {
    throw new ConfigurationError('Invalid configuration: SMS_PROVIDER is required when SMS_API_KEY is set (brevo)');
  }
  if (!values.VAPID_PUBLIC_KEY !== !values.VAPID_PRIVATE_KEY) {
    throw new ConfigurationError(
      'Invalid configuration: VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together (or neither: a stored pair is used)',
    );
  }
  if (values.VAPID_PUBLIC_KEY && values.VAPID_PRIVATE_KEY) {
    const curve = createECDH('prime256v1');
    try {
      curve.setPrivateKey(Buffer.from(values.VAPID_PRIVATE_KEY, 'base64url'));
    } catch {
      throw new ConfigurationError('Invalid configuration: VAPID_PRIVATE_KEY is not a P-256 private key');
    }
    if (curve.getPublicKey('base64url') !== values.VAPID_PUBLIC_KEY) {
      throw new ConfigurationError('Invalid configuration: VAPID_PUBLIC_KEY is not the public key of VAPID_PRIVATE_KEY');
    }
  }
}

/** For process entry points: the validated config, or one line on stderr and exit code 1. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
