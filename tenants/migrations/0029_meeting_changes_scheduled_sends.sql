-- A convened meeting cancelled or moved (date, time, place): each change is kept, numbered from 1 per
-- meeting (the SEQUENCE of the meeting's calendar event), with its reason and who made it; the officials
-- convened are told through the channels of their convocation (deliveries of purpose CHANGE).
create table meeting_change (
  id uuid primary key,
  meeting_id uuid not null references meeting (id),
  sequence integer not null check (sequence >= 1),
  kind text not null check (kind in ('CANCELLED', 'MOVED')),
  reason text not null check (length(reason) between 1 and 2000),
  previous_starts_at timestamptz not null,
  previous_place text,
  starts_at timestamptz not null,
  place text check (length(place) <= 500),
  -- A move: whether the first convocation still meets the legal delay for the new date (null: a cancellation).
  deadline_met boolean,
  changed_by uuid not null,
  changed_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (meeting_id, sequence),
  check ((kind = 'MOVED') = (deadline_met is not null))
);

alter table delivery add column meeting_change_id uuid references meeting_change (id);
alter table delivery drop constraint delivery_purpose_check;
alter table delivery add constraint delivery_purpose_check check (purpose in ('CONVOCATION', 'REMINDER', 'RESEND', 'CHANGE'));
alter table delivery add constraint delivery_change_check check ((purpose = 'CHANGE') = (meeting_change_id is not null));

-- The convocation sent later by a job, at `run_at`, with the checks of a manual send and in the name of
-- the secretary who scheduled it. At most one waits per meeting.
create table scheduled_send (
  id uuid primary key,
  meeting_id uuid not null references meeting (id),
  run_at timestamptz not null,
  status text not null check (status in ('SCHEDULED', 'SENT', 'CANCELLED', 'FAILED')),
  scheduled_by uuid not null,
  scheduled_at timestamptz not null,
  cancelled_by uuid,
  convocation_id uuid references convocation (id),
  failure text check (length(failure) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index scheduled_send_waiting_idx on scheduled_send (meeting_id) where status = 'SCHEDULED';
