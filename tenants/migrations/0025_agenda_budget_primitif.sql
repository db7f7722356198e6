-- The agenda item that adopts the budget primitif: CGCT L5211-11-1 excludes it from a council held by
-- visioconférence (no one takes part « à distance » in a séance whose agenda holds it). Only a délibération.
alter table agenda_item
  add column budget_primitif boolean not null default false,
  add constraint agenda_item_budget_primitif_is_deliberation check (not budget_primitif or kind = 'DELIBERATION');
