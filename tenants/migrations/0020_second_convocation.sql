-- The second convocation after a failed quorum (CGCT L2121-17 al. 2; L3121-14, L3121-14-1; L4132-13,
-- L4132-13-1): the new séance names the one whose quorum failed. At most one per failed séance.
alter table meeting
  add column first_convocation_meeting_id uuid references meeting (id),
  add constraint meeting_not_its_own_second_convocation check (first_convocation_meeting_id is null or first_convocation_meeting_id <> id);
create unique index meeting_one_second_convocation on meeting (first_convocation_meeting_id) where first_convocation_meeting_id is not null;
