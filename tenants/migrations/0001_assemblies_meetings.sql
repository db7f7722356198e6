-- Body schema: assemblies and their meetings.
-- Runs once per body schema, with search_path set to that schema only; names are unqualified on purpose.
-- No foreign key may leave the body schema (platform ids are plain columns).

create table assembly (
  id uuid primary key,
  kind text not null check (kind in ('CONSEIL_MUNICIPAL', 'CONSEIL_COMMUNAUTAIRE', 'CONSEIL_DEPARTEMENTAL',
    'CONSEIL_REGIONAL', 'COMMISSION_PERMANENTE', 'BUREAU', 'COMMISSION')),
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table meeting (
  id uuid primary key,
  assembly_id uuid not null references assembly (id),
  title text not null check (length(title) between 1 and 300),
  starts_at timestamptz not null,
  place text check (length(place) <= 500),
  status text not null default 'DRAFT' check (status in ('DRAFT', 'CONVENED', 'HELD', 'CLOSED', 'CANCELLED')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index meeting_starts_at_idx on meeting (starts_at);
create index meeting_assembly_idx on meeting (assembly_id);
