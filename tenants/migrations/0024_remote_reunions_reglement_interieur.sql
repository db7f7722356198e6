-- Remote participation (CGCT L5211-11-1: the council of an EPCI or syndicat held in several places, by
-- visioconférence): an official announces or is recorded present « à distance »; they count for the
-- quorum as present. Only with a presence.
alter table attendance_answer
  add column remote boolean not null default false,
  add constraint attendance_answer_remote_is_present check (not remote or response = 'PRESENT');
alter table attendance_record
  add column remote boolean not null default false,
  add constraint attendance_record_remote_is_present check (not remote or status = 'PRESENT');

-- Départements and régions: a délégation de vote is given « pour cette réunion » (CGCT L3121-16,
-- L4132-15), and a réunion may span several séances. A séance that continues a réunion names its first
-- séance; the délégation rules read every séance of the réunion.
alter table meeting
  add column reunion_meeting_id uuid references meeting (id),
  add constraint meeting_not_its_own_reunion check (reunion_meeting_id is null or reunion_meeting_id <> id);
create index meeting_reunion on meeting (reunion_meeting_id) where reunion_meeting_id is not null;

-- What the body's règlement intérieur adds to the law, as dated settings (never looser than the law): a
-- stricter limit of consecutive séances for one pouvoir (L2121-20 allows three), and a quorum for the
-- commissions (none by law). A setting applies from `valid_from` (the body's local date) until the next.
create table reglement_interieur_setting (
  id uuid primary key,
  valid_from date not null unique,
  reference text not null check (length(btrim(reference)) between 1 and 200),
  proxy_max_consecutive_seances integer check (proxy_max_consecutive_seances between 1 and 3),
  commission_quorum boolean not null default false,
  recorded_by uuid not null,
  recorded_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- One pouvoir naming several consecutive séances (CGCT L2121-20: « il ne peut être valable pour plus de
-- trois séances consécutives », sauf maladie dûment constatée): the answers it wrote share its id.
alter table attendance_answer add column pouvoir_id uuid;
create index attendance_answer_pouvoir on attendance_answer (pouvoir_id) where pouvoir_id is not null;
