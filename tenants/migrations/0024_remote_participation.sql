-- Remote participation (CGCT L5211-11-1: the council of an EPCI or syndicat held in several places, by
-- visioconférence): an official announces or is recorded present « à distance »; they count for the
-- quorum as present. Only with a presence.
alter table attendance_answer
  add column remote boolean not null default false,
  add constraint attendance_answer_remote_is_present check (not remote or response = 'PRESENT');
alter table attendance_record
  add column remote boolean not null default false,
  add constraint attendance_record_remote_is_present check (not remote or status = 'PRESENT');
