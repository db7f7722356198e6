-- Platform schema: the bodies of the groupement, the people and their seats.
-- Runs with search_path set to the platform schema; names are unqualified on purpose.

create table body (
  id uuid primary key,
  slug text not null unique
    check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 63),
  name text not null check (length(name) between 1 and 200),
  kind text not null check (kind in ('COMMUNE', 'EPCI', 'SYNDICAT', 'DEPARTEMENT', 'REGION')),
  population integer check (population >= 0),
  time_zone text not null check (length(time_zone) between 1 and 64),
  schema_name text not null unique check (schema_name ~ '^body_[0-9a-f]{32}$'),
  status text not null check (status in ('PROVISIONING', 'ACTIVE', 'SUSPENDED', 'ARCHIVED')),
  schema_version text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table person (
  id uuid primary key,
  email text not null check (email ~ '^[^@\s]+@[^@\s]+$'),
  email_verified boolean not null default false,
  display_name text not null check (length(display_name) between 1 and 200),
  subject text unique,
  platform_roles text[] not null default '{}' check (platform_roles <@ array['COORDINATOR']),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index person_email_key on person (lower(email));

create table membership (
  id uuid primary key,
  person_id uuid not null references person (id),
  body_id uuid not null references body (id),
  roles text[] not null
    check (cardinality(roles) > 0 and roles <@ array['OFFICIAL', 'SECRETARIAT', 'BODY_ADMIN']),
  mandate_start date,
  mandate_end date check (mandate_end is null or mandate_start is null or mandate_end >= mandate_start),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (person_id, body_id)
);
create index membership_body_idx on membership (body_id);
