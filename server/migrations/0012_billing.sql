-- Each member body's billing: its Stripe customer and seat subscription, the invoices Stripe reported
-- through webhooks, the Stripe events already processed, and the monthly cost statements once closed.

create table billing_account (
  body_id uuid primary key references body (id),
  stripe_customer_id text unique,
  stripe_subscription_id text unique,
  stripe_subscription_item_id text,
  -- The Stripe Price the subscription item is on, and the seat quantity Stripe last accepted.
  stripe_price_id text,
  seat_quantity integer check (seat_quantity >= 0),
  -- Bumped in the same transaction as every change of the body's seats; the sync that pushes a version
  -- uses it in its idempotency key, so a retried job repeats the same request and a new change does not.
  seat_version integer not null default 0 check (seat_version >= 0),
  synced_seat_version integer not null default 0 check (synced_seat_version >= 0),
  -- Subscription status from webhooks, with the `created` time of the event that set it.
  subscription_status text,
  subscription_event_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Every Stripe event processed, recorded in the transaction that applied it: a redelivery finds its id.
create table stripe_event (
  id text primary key check (id ~ '^evt_\w+$'),
  type text not null,
  stripe_created_at timestamptz not null,
  object_id text,
  body_id uuid references body (id),
  outcome text not null check (outcome in ('APPLIED', 'STALE', 'IGNORED')),
  received_at timestamptz not null default now()
);

-- Invoices as Stripe last described them; a state older than the stored one is never applied.
create table invoice (
  stripe_invoice_id text primary key,
  body_id uuid not null references body (id),
  number text,
  status text not null check (status in ('draft', 'open', 'paid', 'void', 'uncollectible')),
  currency text not null,
  amount_due_cents bigint not null,
  amount_paid_cents bigint not null,
  period_start timestamptz,
  period_end timestamptz,
  hosted_invoice_url text,
  stripe_created_at timestamptz not null,
  last_event_at timestamptz not null,
  updated_at timestamptz not null default now()
);
create index invoice_body_idx on invoice (body_id, stripe_created_at desc);

-- A month's cost statement of a body, frozen when the coordinator closes the month.
create table cost_statement (
  body_id uuid not null references body (id),
  month date not null check (extract(day from month) = 1),
  contract_id uuid not null references groupement_contract (id),
  lines jsonb not null check (jsonb_typeof(lines) = 'array'),
  total_cents bigint not null,
  closed_at timestamptz not null default now(),
  closed_by uuid not null references person (id),
  primary key (body_id, month)
);

-- The Stripe invoice items a closed statement produced (one per kind of charge), written once pushed.
create table statement_invoice_item (
  body_id uuid not null,
  month date not null,
  kind text not null check (kind in ('DEVICES', 'SEAT_SHARING')),
  amount_cents bigint not null,
  stripe_invoice_item_id text not null unique,
  pushed_at timestamptz not null default now(),
  primary key (body_id, month, kind),
  foreign key (body_id, month) references cost_statement (body_id, month)
);
