-- Validation circuits (issue 19): a projet de délibération and its rapport, written by an agent, go through a
-- circuit the body defines (ordered steps, each a named person or a role, with an optional delegate) before
-- it can be put on an agenda. `circuit_settings.item_kinds` lists the agenda item kinds subject to a circuit:
-- an item of such a kind is convened only once it comes from an approved projet.
create table circuit_settings (
  id boolean primary key default true check (id),
  item_kinds text[] not null default '{}' check (item_kinds <@ array['DELIBERATION', 'INFORMATION', 'COMMUNICATION', 'DESIGNATION']),
  updated_at timestamptz not null default now()
);
insert into circuit_settings default values;

-- steps: [{ label, validatorPersonId | validatorRole, delegatePersonId }], 1 to 10 of them.
create table circuit (
  id uuid primary key,
  name text not null unique check (length(name) between 1 and 200),
  steps jsonb not null check (jsonb_typeof(steps) = 'array' and jsonb_array_length(steps) between 1 and 10),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- `steps` is the circuit as it stood when the projet was submitted (a later change of the circuit does not
-- move a projet under validation); `current_step` (0-based) is set while IN_VALIDATION only. Each submission
-- after a send-back is a new version, and the circuit restarts from its first step.
create table projet (
  id uuid primary key,
  title text not null check (length(title) between 1 and 500),
  kind text not null check (kind in ('DELIBERATION', 'INFORMATION', 'COMMUNICATION', 'DESIGNATION')),
  rapporteur text check (length(rapporteur) <= 200),
  rapport text not null default '' check (length(rapport) <= 50000),
  projet_text text not null default '' check (length(projet_text) <= 50000),
  author_id uuid not null,
  circuit_id uuid references circuit (id),
  steps jsonb,
  status text not null check (status in ('DRAFT', 'IN_VALIDATION', 'SENT_BACK', 'APPROVED')),
  current_step integer check (current_step >= 0),
  version integer not null default 1 check (version >= 1),
  agenda_item_id uuid unique references agenda_item (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'IN_VALIDATION') = (current_step is not null)),
  check (status = 'DRAFT' or steps is not null),
  check (agenda_item_id is null or status = 'APPROVED')
);
create index projet_status on projet (status);

-- Files attached to a projet, in the document storage (PDF only).
create table projet_document (
  id uuid primary key,
  projet_id uuid not null references projet (id),
  title text not null check (length(title) between 1 and 300),
  file_name text not null check (length(file_name) between 1 and 255),
  storage_key text not null unique,
  size_bytes bigint not null check (size_bytes > 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  uploaded_by uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index projet_document_projet on projet_document (projet_id);

-- The full history: who did what, when, on which version and step, with which comment.
create table projet_action (
  id uuid primary key,
  projet_id uuid not null references projet (id),
  version integer not null,
  action text not null check (action in ('SUBMITTED', 'APPROVED', 'SENT_BACK', 'SKIPPED', 'PLACED_ON_AGENDA')),
  step integer check (step >= 0),
  step_label text,
  actor_id uuid not null,
  actor_name text not null,
  as_delegate boolean not null default false,
  comment text check (length(comment) <= 5000),
  acted_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (action <> 'SENT_BACK' or length(trim(comment)) > 0)
);
create index projet_action_projet on projet_action (projet_id, acted_at);
create index projet_action_actor on projet_action (actor_id);
