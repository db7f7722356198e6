-- The groupement de commandes: the framework contract that the coordinating body holds for its members,
-- and when a member body was archived (archived bodies stop sharing costs from the next month on).

alter table body add column archived_at timestamptz;
alter table body add constraint body_archived_at_check check ((status = 'ARCHIVED') = (archived_at is not null));

-- Unit prices are in euro cents, excluding tax: a seat per month, a device in service per month, and the
-- set-up of a device, once, in the month it is handed over. Contracts never overlap in time.
create table groupement_contract (
  id uuid primary key,
  reference text not null unique check (length(reference) between 1 and 100),
  holder_body_id uuid not null references body (id),
  supplier text not null check (length(supplier) between 1 and 200),
  starts_on date not null,
  ends_on date not null check (ends_on >= starts_on),
  seat_price_cents integer not null check (seat_price_cents between 0 and 100000000),
  device_price_cents integer not null check (device_price_cents between 0 and 100000000),
  setup_price_cents integer not null check (setup_price_cents between 0 and 100000000),
  sharing_rule text not null check (sharing_rule in ('EQUAL', 'WEIGHTED')),
  -- The Stripe Price of a seat at seat_price_cents, created on the first billing sync.
  stripe_seat_price_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint groupement_contract_no_overlap exclude using gist ((daterange(starts_on, ends_on, '[]')) with &&)
);

-- Weights of the WEIGHTED rule; a member body without a row weighs 1.
create table contract_share_weight (
  contract_id uuid not null references groupement_contract (id) on delete cascade,
  body_id uuid not null references body (id),
  weight integer not null check (weight between 1 and 1000),
  primary key (contract_id, body_id)
);
