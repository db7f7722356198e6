-- Leaner body schemas (docs/operations/scale.md): two indexes that buy nothing, dropped. Each one is a
-- relation, a file and catalog rows in every body schema, written on every insert.
-- agenda_item (meeting_id) is the leading column of agenda_item_position_key (meeting_id, parent_id,
-- position), a unique index that serves every lookup by meeting as well.
drop index agenda_item_meeting_idx;
-- projet (status): four values over a body's few hundred projets; the planner reads such a table whole
-- rather than through an index of that selectivity, and no query asks for one status across bodies.
drop index projet_status;
