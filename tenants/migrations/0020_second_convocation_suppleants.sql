-- The second convocation after a failed quorum (CGCT L2121-17 al. 2; L3121-14, L3121-14-1; L4132-13,
-- L4132-13-1): the new séance names the one whose quorum failed. At most one per failed séance.
alter table meeting
  add column first_convocation_meeting_id uuid references meeting (id),
  add constraint meeting_not_its_own_second_convocation check (first_convocation_meeting_id is null or first_convocation_meeting_id <> id);
create unique index meeting_one_second_convocation on meeting (first_convocation_meeting_id) where first_convocation_meeting_id is not null;

-- Suppléants (CGCT L5211-6; a syndicat's délégués suppléants by its statuts): a seat with the SUPPLEANT
-- role is linked to its titulaire's seat in the same assembly, one per titulaire; it is convened and sent
-- the documents, and votes only in the titulaire's place (so its own voting right is false).
alter table assembly_member drop constraint assembly_member_role_check;
alter table assembly_member
  add constraint assembly_member_role_check check (role in ('PRESIDENT', 'VICE_PRESIDENT', 'MEMBRE', 'SUPPLEANT')),
  add column titulaire_seat_id uuid references assembly_member (id) on delete cascade,
  add constraint assembly_member_suppleant_has_titulaire check ((role = 'SUPPLEANT') = (titulaire_seat_id is not null)),
  add constraint assembly_member_suppleant_votes_in_place check (role <> 'SUPPLEANT' or not voting_right);
create unique index assembly_member_one_suppleant on assembly_member (titulaire_seat_id) where titulaire_seat_id is not null;
