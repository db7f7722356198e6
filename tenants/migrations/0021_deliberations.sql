-- Délibérations (issue 19): numbered per year in the body's format, their text, vote snapshot and signed
-- PDF; the signatures of each version; the body's settings of its acts. A finalised act is never
-- deleted, and its number comes from act_counter in the finalising transaction: numbers are gap-free.
create table act_settings (
  id boolean primary key default true check (id),
  -- {YYYY}: the year of the séance; {N}, {NN}, {NNN}…: the number, zero-padded to that width.
  number_format text not null default '{YYYY}-{NNN}' check (number_format ~ '\{N+\}' and length(number_format) <= 40),
  template_visas text not null default 'Vu le code général des collectivités territoriales ;',
  template_considerants text not null default '',
  template_dispositif text not null default '',
  -- R2131-1 / L2131-1: electronic publication, or (bodies < 3,500 inhabitants) another mode chosen by the assembly.
  publicity_mode text not null default 'ELECTRONIC' check (publicity_mode in ('ELECTRONIC', 'PAPER_DISPLAY', 'PAPER_PUBLICATION')),
  publicity_mode_since date,
  updated_at timestamptz not null default now()
);
insert into act_settings default values;

create table act_counter (
  year integer primary key check (year between 1900 and 9999),
  last_number integer not null check (last_number > 0)
);

create table deliberation (
  id uuid primary key,
  meeting_id uuid not null references meeting (id),
  agenda_item_id uuid unique references agenda_item (id),
  year integer,
  number integer,
  number_label text unique,
  title text not null check (length(title) between 1 and 500),
  matiere_code text not null check (matiere_code ~ '^[1-9](\.[0-9]{1,2}){0,2}$'),
  matiere_name text not null,
  rapporteur text,
  visas text not null,
  considerants text not null,
  dispositif text not null check (length(dispositif) > 0),
  vote_effectif integer check (vote_effectif >= 0),
  vote_votants integer check (vote_votants >= 0),
  vote_pour integer check (vote_pour >= 0),
  vote_contre integer check (vote_contre >= 0),
  vote_abstention integer check (vote_abstention >= 0),
  vote_result text check (vote_result in ('ADOPTED', 'REJECTED')),
  president_id uuid not null,
  secretary_ids uuid[] not null check (cardinality(secretary_ids) between 1 and 5),
  status text not null check (status in ('DRAFT', 'FINALISED', 'SIGNED')),
  version integer not null default 1 check (version >= 1),
  pdf bytea,
  pdf_sha256 text,
  finalised_at timestamptz,
  published_at timestamptz,
  published_by_name text,
  published_by_quality text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (year, number),
  check ((number is null) = (year is null) and (number is null) = (number_label is null)),
  check (status = 'DRAFT' or (pdf is not null and number is not null and finalised_at is not null)),
  check (published_at is null or status = 'SIGNED'),
  check (vote_votants is null or vote_votants = vote_pour + vote_contre + vote_abstention),
  check (vote_votants is null or vote_votants <= vote_effectif)
);
create index deliberation_meeting on deliberation (meeting_id);
create index deliberation_published on deliberation (published_at) where published_at is not null;

-- One row per signature of one version of an act; `pdf_sha256` is the file as it stood after it.
create table deliberation_signature (
  id uuid primary key,
  deliberation_id uuid not null references deliberation (id),
  version integer not null,
  person_id uuid not null,
  role text not null check (role in ('PRESIDENT', 'SECRETARY')),
  signer_name text not null,
  signed_at timestamptz not null,
  pdf_sha256 text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (deliberation_id, version, person_id)
);
