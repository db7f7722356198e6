-- Issue 7: the secretariat sets where this body's convocations reach an official. Each column, when set,
-- replaces the address of the official's platform account for this body only; absent row or null = the
-- account's. SMS still needs the official's own consent (platform.person.sms_alerts).
create table member_contact (
  person_id uuid primary key,
  email text check (email is null or length(email) between 3 and 254),
  mobile_phone text check (mobile_phone is null or mobile_phone ~ '^\+[1-9][0-9]{6,14}$'),
  updated_by uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
