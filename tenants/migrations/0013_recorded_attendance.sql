-- The attendance actually recorded in session by the secretariat (issue 7), beside the answers announced
-- before it (attendance_answer). Every record ever made is kept: the current one of a person has no
-- `superseded_at`; each change is also chained in the evidence ledger (ATTENDANCE_RECORDED).
create table attendance_record (
  id uuid primary key,
  meeting_id uuid not null references meeting (id),
  person_id uuid not null,
  status text not null check (status in ('PRESENT', 'ABSENT', 'REPRESENTED')),
  proxy_holder_id uuid,
  arrived_at timestamptz,
  left_at timestamptz,
  recorded_by uuid not null,
  recorded_at timestamptz not null,
  superseded_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'REPRESENTED') = (proxy_holder_id is not null)),
  check (proxy_holder_id is null or proxy_holder_id <> person_id),
  check (status = 'PRESENT' or (arrived_at is null and left_at is null)),
  check (arrived_at is null or left_at is null or left_at > arrived_at)
);
create unique index attendance_record_current_key on attendance_record (meeting_id, person_id) where superseded_at is null;
-- One proxy per holder and meeting (L2121-20, L3121-16, L4132-15), as for the answers.
create unique index attendance_record_one_proxy_per_holder on attendance_record (meeting_id, proxy_holder_id)
  where superseded_at is null and status = 'REPRESENTED';
