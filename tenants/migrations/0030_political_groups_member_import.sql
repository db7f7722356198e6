-- Body schema: political groups (groupes d'élus: CGCT L2121-28 communes, L3121-24 départements,
-- L4132-23 régions), the dated membership of officials in them, annotations shared with one's group,
-- and the identity details an import records for duplicate detection.
create table political_group (
  id uuid primary key,
  name text not null check (length(btrim(name)) between 1 and 200),
  short_name text not null check (length(btrim(short_name)) between 1 and 30),
  -- An sRGB colour, #RRGGBB.
  color text not null check (color ~ '^#[0-9A-Fa-f]{6}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index political_group_name_key on political_group (lower(name));

-- An official (platform person id: no foreign key leaves the schema) belongs to one group at a time in the
-- body: one open period per person here, and the service refuses overlapping closed ones (start and end
-- inclusive, null end: still a member).
create table political_group_member (
  id uuid primary key,
  group_id uuid not null references political_group (id) on delete cascade,
  person_id uuid not null,
  start_date date not null,
  end_date date,
  constraint political_group_member_dates check (end_date is null or end_date >= start_date),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index political_group_member_group_idx on political_group_member (group_id);
create unique index political_group_member_current_key on political_group_member (person_id) where end_date is null;

-- Shared annotations are read, without changes, by the author's fellow group members in the body.
alter table annotation add column shared_with_group boolean not null default false;
create index annotation_shared_document_idx on annotation (document_id) where shared_with_group;

-- Identity details of a member as an import gave them (name split, birth date), per body: what tells two
-- homonyms apart and finds the same person imported twice under another email.
create table member_identity (
  person_id uuid primary key,
  family_name text not null check (length(family_name) <= 200),
  given_name text not null check (length(given_name) <= 200),
  birth_date date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index member_identity_name_birth_idx on member_identity (lower(family_name), lower(given_name), birth_date);
