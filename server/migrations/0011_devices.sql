-- Tablets of the groupement: inventory, who holds which (with the loan convention they accepted) and
-- support tickets. Devices are per person, across bodies: an official who sits in several bodies gets
-- one tablet (seeds 002 and 004).

create table device (
  id uuid primary key,
  serial_number text not null check (serial_number ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$'),
  model text not null check (length(model) between 1 and 200),
  state text not null check (state in ('IN_STOCK', 'ALLOCATED', 'IN_REPAIR', 'LOST')),
  purchased_on date,
  notes text check (length(notes) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index device_serial_number_key on device (upper(serial_number));
create index device_state_idx on device (state);

-- One row per loan; a loan is active while ended_at is null. Times come from the database clock.
create table device_allocation (
  id uuid primary key,
  device_id uuid not null references device (id),
  person_id uuid not null references person (id),
  allocated_by uuid not null references person (id),
  allocated_at timestamptz not null default now(),
  -- The loan convention (PDF) the official accepts: where it is stored and its SHA-256.
  convention_key text not null,
  convention_sha256 text not null check (convention_sha256 ~ '^[0-9a-f]{64}$'),
  accepted_at timestamptz check (accepted_at >= allocated_at),
  ended_at timestamptz check (ended_at >= allocated_at),
  end_reason text check (end_reason in ('RETURNED', 'LOST', 'REPAIR')),
  end_note text check (length(end_note) <= 2000),
  check ((ended_at is null) = (end_reason is null))
);
-- The rule of the groupement, enforced by the database whatever the code path or the concurrency:
-- one active device per person across all bodies, and one active holder per device.
create unique index device_allocation_one_active_per_person on device_allocation (person_id) where ended_at is null;
create unique index device_allocation_one_active_per_device on device_allocation (device_id) where ended_at is null;
create index device_allocation_device_idx on device_allocation (device_id, allocated_at);

create table support_ticket (
  id uuid primary key,
  device_id uuid not null references device (id),
  opened_by_id uuid not null references person (id),
  subject text not null check (length(subject) between 1 and 200),
  description text not null check (length(description) <= 5000),
  status text not null check (status in ('OPEN', 'RESOLVED')),
  resolution text check (length(resolution) <= 5000),
  opened_at timestamptz not null default now(),
  resolved_at timestamptz,
  check ((status = 'RESOLVED') = (resolved_at is not null))
);
create index support_ticket_device_idx on support_ticket (device_id, opened_at);
