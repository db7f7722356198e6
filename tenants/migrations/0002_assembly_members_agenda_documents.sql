-- Body schema: who sits in each assembly, meeting urgency, the numbered agenda, documents and their versions.
-- person_id / uploaded_by are platform person ids: plain columns, no foreign key leaves the body schema.

create table assembly_member (
  id uuid primary key,
  assembly_id uuid not null references assembly (id) on delete cascade,
  person_id uuid not null,
  role text not null check (role in ('PRESIDENT', 'VICE_PRESIDENT', 'MEMBRE')),
  voting_right boolean not null default true,
  mandate_start date,
  mandate_end date check (mandate_end is null or mandate_start is null or mandate_end >= mandate_start),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (assembly_id, person_id)
);

alter table meeting
  add column urgent boolean not null default false,
  add column urgency_justification text check (length(urgency_justification) <= 2000),
  add constraint meeting_urgency_justified check (not urgent or length(btrim(urgency_justification)) > 0);

-- Positions are consecutive from 1 among siblings; the number shown (2, 2.1) derives from them.
-- Every agenda write locks its meeting row first; the deferred unique constraint is the safety net.
create table agenda_item (
  id uuid primary key,
  meeting_id uuid not null references meeting (id) on delete cascade,
  parent_id uuid references agenda_item (id) on delete cascade,
  position integer not null check (position >= 1),
  title text not null check (length(title) between 1 and 500),
  kind text not null check (kind in ('DELIBERATION', 'INFORMATION', 'COMMUNICATION', 'DESIGNATION')),
  rapporteur text check (length(rapporteur) <= 200),
  icpe boolean not null default false,
  closed_session boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint agenda_item_position_key unique nulls not distinct (meeting_id, parent_id, position) deferrable initially deferred
);
create index agenda_item_meeting_idx on agenda_item (meeting_id);

create table document (
  id uuid primary key,
  meeting_id uuid not null references meeting (id) on delete cascade,
  agenda_item_id uuid references agenda_item (id) on delete cascade,
  kind text not null check (kind in ('RAPPORT', 'PROJET_DELIBERATION', 'ANNEXE', 'NOTE_SYNTHESE', 'PROCES_VERBAL', 'AUTRE')),
  title text not null check (length(title) between 1 and 300),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index document_meeting_idx on document (meeting_id);

create table document_version (
  id uuid primary key,
  document_id uuid not null references document (id) on delete cascade,
  version integer not null check (version >= 1),
  storage_key text not null unique,
  thumbnail_key text,
  file_name text not null check (length(file_name) between 1 and 255),
  content_type text not null,
  size_bytes bigint not null check (size_bytes > 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  page_count integer not null check (page_count > 0),
  uploaded_by uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (document_id, version)
);

create table document_page (
  document_version_id uuid not null references document_version (id) on delete cascade,
  page_number integer not null check (page_number >= 1),
  text text not null,
  primary key (document_version_id, page_number)
);

-- An upload authorised but not yet verified: the object is not a document for anyone until then.
create table pending_upload (
  id uuid primary key,
  meeting_id uuid not null references meeting (id) on delete cascade,
  agenda_item_id uuid references agenda_item (id) on delete cascade,
  document_id uuid references document (id) on delete cascade,
  kind text not null,
  title text not null,
  file_name text not null,
  content_type text not null,
  max_bytes bigint not null,
  storage_key text not null unique,
  requested_by uuid not null,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
