-- Convocations, their recipients and deliveries, receipts, answers and timestamp anchors (issue 5).

-- A commission's delay is set by the règlement intérieur of the body (no CGCT delay applies to it).
alter table assembly
  add column convocation_clear_days integer check (convocation_clear_days between 0 and 30),
  add column convocation_rule_reference text check (length(convocation_rule_reference) <= 300);

-- L2121-10: paper at the official's request, to the address they chose. Absent row = electronic.
create table paper_convocation_request (
  person_id uuid primary key,
  postal_address text not null check (length(btrim(postal_address)) between 5 and 500),
  requested_at timestamptz not null,
  recorded_by uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- One send: the initial convocation (sequence 1) or a supplement (2, 3, ...). Immutable once written.
create table convocation (
  id uuid primary key,
  meeting_id uuid not null references meeting (id),
  sequence integer not null check (sequence >= 1),
  kind text not null check (kind in ('INITIAL', 'SUPPLEMENT')),
  sent_at timestamptz not null,
  sent_by uuid not null,
  latest_send_at timestamptz not null,
  clear_days integer not null,
  article text not null,
  rules_valid_from date not null,
  on_time boolean not null,
  urgent boolean not null,
  urgency_justification text,
  manifest jsonb not null,
  manifest_sha256 text not null check (manifest_sha256 ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (meeting_id, sequence),
  check ((kind = 'INITIAL') = (sequence = 1)),
  check (on_time or urgent or kind = 'SUPPLEMENT')
);

create table convocation_recipient (
  id uuid primary key,
  convocation_id uuid not null references convocation (id),
  meeting_id uuid not null references meeting (id),
  person_id uuid not null,
  display_name text not null,
  email text not null,
  channel text not null check (channel in ('ELECTRONIC', 'PAPER')),
  postal_address text,
  voting_right boolean not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (convocation_id, person_id),
  check (channel = 'ELECTRONIC' or postal_address is not null)
);
create index convocation_recipient_meeting_idx on convocation_recipient (meeting_id, person_id);

-- One message through one channel. `send_key` is deterministic, so a retried job finds its row.
create table delivery (
  id uuid primary key,
  recipient_id uuid not null references convocation_recipient (id),
  channel text not null check (channel in ('EMAIL', 'SMS', 'PUSH', 'LETTER')),
  purpose text not null check (purpose in ('CONVOCATION', 'REMINDER')),
  send_key text not null unique,
  address text not null,
  status text not null check (status in ('PENDING', 'ACCEPTED', 'FAILED', 'POSTED')),
  attempts integer not null default 0,
  last_error text,
  provider_reference text,
  accepted_at timestamptz,
  letter_key text,
  posted_on date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'POSTED') = (posted_on is not null)),
  check (status <> 'POSTED' or channel = 'LETTER')
);
create index delivery_recipient_idx on delivery (recipient_id);

-- First opening of the meeting and explicit acknowledgement, per official.
create table meeting_receipt (
  meeting_id uuid not null references meeting (id),
  person_id uuid not null,
  first_opened_at timestamptz,
  acknowledged_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (meeting_id, person_id)
);

create table document_download (
  document_version_id uuid not null references document_version (id),
  person_id uuid not null,
  meeting_id uuid not null references meeting (id),
  first_downloaded_at timestamptz not null,
  primary key (document_version_id, person_id)
);

-- Every answer ever given; the current one has no `superseded_at`. One proxy per holder and meeting
-- (L2121-20, L3121-16, L4132-15) is a constraint, not only a check in code.
create table attendance_answer (
  id uuid primary key,
  meeting_id uuid not null references meeting (id),
  person_id uuid not null,
  response text not null check (response in ('PRESENT', 'ABSENT', 'PROXY')),
  proxy_holder_id uuid,
  illness_declared boolean not null default false,
  recorded_by uuid not null,
  recorded_at timestamptz not null,
  superseded_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((response = 'PROXY') = (proxy_holder_id is not null)),
  check (proxy_holder_id is null or proxy_holder_id <> person_id)
);
create unique index attendance_answer_current_key on attendance_answer (meeting_id, person_id) where superseded_at is null;
create unique index attendance_answer_one_proxy_per_holder on attendance_answer (meeting_id, proxy_holder_id)
  where superseded_at is null and response = 'PROXY';

-- RFC 3161 tokens: over a send manifest, or over a batch of the meeting's later ledger entries.
create table timestamp_anchor (
  id uuid primary key,
  meeting_id uuid not null references meeting (id),
  kind text not null check (kind in ('MANIFEST', 'EVENTS')),
  convocation_id uuid references convocation (id),
  first_sequence bigint,
  last_sequence bigint,
  content bytea not null,
  content_sha256 text not null check (content_sha256 ~ '^[0-9a-f]{64}$'),
  token bytea not null,
  gen_time timestamptz not null,
  authority text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((kind = 'MANIFEST') = (convocation_id is not null)),
  check ((kind = 'EVENTS') = (first_sequence is not null and last_sequence >= first_sequence))
);
create unique index timestamp_anchor_manifest_key on timestamp_anchor (convocation_id) where kind = 'MANIFEST';
create index timestamp_anchor_meeting_idx on timestamp_anchor (meeting_id, kind, last_sequence);
create index ledger_entry_subject_idx on ledger_entry (subject_id, sequence);
