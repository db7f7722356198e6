-- Brute-force protection of the embedded OpenID provider (as Keycloak's brute-force detection).
--
-- One row per login subject that failed recently: an account (`account:<id>`), or a login that names no
-- account (`login:<sha-256 of the lowered login>`, so mistyped names are not kept in clear). Unknown
-- logins are counted and locked exactly like accounts, so that a lockout tells nothing about existence.
-- Times come from the database clock; the row is deleted by a successful login.
create table login_failure (
  subject text primary key check (subject ~ '^(account|login):.' and length(subject) <= 255),
  -- Failed logins since the last lockout (or the reset).
  failures integer not null check (failures >= 0),
  -- Lockouts in a row: the next one waits twice as long as the last (capped).
  lockouts integer not null check (lockouts >= 0),
  last_failure_at timestamptz not null,
  locked_until timestamptz
);
create index login_failure_last_failure_idx on login_failure (last_failure_at);

-- Per-client-address counters of rate-limiter-flexible's PostgreSQL store (RateLimiterPostgres, created
-- here rather than by the library): key `<prefix>:<address>`, points used, window end in epoch ms.
create table login_rate_limit (
  key varchar(255) primary key,
  points integer not null default 0,
  expire bigint
);
create index login_rate_limit_expire_idx on login_rate_limit (expire);
