-- How an official wants to be alerted, across all their bodies (one account): email always (the
-- convocation itself), SMS and web push only when they opted in.
alter table person
  add column mobile_phone text check (mobile_phone ~ '^\+[1-9][0-9]{7,14}$'),
  add column sms_alerts boolean not null default false,
  add constraint person_sms_needs_phone check (not sms_alerts or mobile_phone is not null);

create table push_subscription (
  id uuid primary key,
  person_id uuid not null references person (id) on delete cascade,
  endpoint text not null unique check (endpoint ~ '^https://' and length(endpoint) <= 2000),
  p256dh text not null check (length(p256dh) between 20 and 200),
  auth text not null check (length(auth) between 10 and 100),
  user_agent text check (length(user_agent) <= 500),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index push_subscription_person_idx on push_subscription (person_id);
