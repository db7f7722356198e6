-- The procès-verbal of a séance (L2121-15, since 1 July 2022), written by the secrétaire(s): a summary of
-- the discussions per agenda item, rendered with the séance's facts; arrêté at the start of the next
-- séance of the assembly (an item added first to its agenda), then signed by the président and the
-- secrétaire(s) in incremental PAdES updates.
create table proces_verbal (
  id uuid primary key,
  meeting_id uuid not null unique references meeting (id),
  president_id uuid not null,
  secretary_ids uuid[] not null check (cardinality(secretary_ids) between 1 and 5),
  particular_ballot_requests text not null default '',
  status text not null check (status in ('DRAFT', 'FINALISED', 'ARRETE', 'SIGNED')),
  pdf bytea,
  pdf_sha256 text,
  finalised_at timestamptz,
  arrete_agenda_item_id uuid references agenda_item (id) on delete set null,
  arrete_meeting_id uuid references meeting (id),
  arrete_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (status = 'DRAFT' or (pdf is not null and finalised_at is not null)),
  check (status not in ('ARRETE', 'SIGNED') or arrete_at is not null)
);

create table proces_verbal_summary (
  proces_verbal_id uuid not null references proces_verbal (id),
  agenda_item_id uuid not null references agenda_item (id),
  summary text not null check (length(summary) <= 50000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (proces_verbal_id, agenda_item_id)
);

create table proces_verbal_signature (
  id uuid primary key,
  proces_verbal_id uuid not null references proces_verbal (id),
  person_id uuid not null,
  role text not null check (role in ('PRESIDENT', 'SECRETARY')),
  signer_name text not null,
  signed_at timestamptz not null,
  pdf_sha256 text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (proces_verbal_id, person_id)
);

-- Contrôle de légalité (@CTES): the préfecture's acknowledgment of an act transmitted through an approved
-- operator, entered by hand or returned by an operator's connector: who controls it (PREF025, SPREF0251,
-- SGAR025…), the acknowledgment's identifier and date. The act is executory once published and acknowledged.
alter table deliberation add column prefecture_id text check (prefecture_id ~ '^(PREF|SGAR)[0-9]{2}[0-9AB]$|^SPREF[0-9]{2}[0-9AB][0-9]$');
alter table deliberation add column acknowledgment_id text check (length(acknowledgment_id) between 1 and 100);
alter table deliberation add column acknowledged_at timestamptz;
alter table deliberation add constraint deliberation_acknowledgment_complete
  check ((prefecture_id is null) = (acknowledgment_id is null) and (acknowledgment_id is null) = (acknowledged_at is null));
