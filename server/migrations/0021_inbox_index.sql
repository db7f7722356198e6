-- The inbox index (docs/architecture.md, "The inbox: one platform table"): a row per official convened
-- and meeting, with what the officials' inbox shows of it, written in the transaction of every change it
-- reflects (send, supplement, receipt, download, answer, cancellation, move, meeting held or closed, a commission's delay), so
-- that listing an inbox reads this table and no body schema. Rows are recomputed from the body schema by
-- `refreshInboxEntries` (server/src/body/inbox/inbox-index.ts); nothing else writes them.
create table inbox_entry (
  person_id uuid not null,
  meeting_id uuid not null,
  body_id uuid not null,
  -- The assembly as the Meeting type shows it: id, kind, name, convocationClearDays, convocationRuleReference.
  assembly jsonb not null,
  title text not null,
  starts_at timestamptz not null,
  place text,
  status text not null,
  urgent boolean not null,
  urgency_justification text,
  -- As convened by the latest send (convocation_recipient.channel, voting_right).
  mode text not null,
  voting_right boolean not null,
  first_opened_at timestamptz,
  acknowledged_at timestamptz,
  -- The current answer (not superseded) with its proxy holder's name as convened; null: none.
  answer jsonb,
  last_supplement_at timestamptz,
  changed_documents_unread integer not null default 0,
  -- The latest cancellation or move; null: none.
  last_change jsonb,
  updated_at timestamptz not null,
  primary key (person_id, meeting_id)
);
-- The inbox read: one person's rows by date.
create index inbox_entry_person_starts_at_idx on inbox_entry (person_id, starts_at, meeting_id);
-- A body's rows, for its backfill and its deletion.
create index inbox_entry_body_id_idx on inbox_entry (body_id);

-- Bodies whose existing meetings are in the index. Existing bodies: null until the backfill (in the
-- background at server start, and as the last step of `npm run migrate`) or the first inbox of one of their
-- officials indexes them; a body created from now on has no meeting yet: indexed from the start.
alter table body add column inbox_indexed_at timestamptz;
alter table body alter column inbox_indexed_at set default now();

-- On Citus the index is distributed by person: an inbox is one person's rows, read on the one node that
-- holds them (docs/operations/citus.md). Distributed before its foreign keys are added, so Citus does not
-- first turn it into a local table of the coordinator (a table pointing at a reference table).
do $$
begin
  if exists (select 1 from pg_extension where extname = 'citus') then
    perform create_distributed_table('platform.inbox_entry', 'person_id');
  end if;
end
$$;
alter table inbox_entry add constraint inbox_entry_person_id_fkey foreign key (person_id) references person (id) on delete cascade;
alter table inbox_entry add constraint inbox_entry_body_id_fkey foreign key (body_id) references body (id) on delete cascade;
