-- On a Citus cluster (the `citus` extension created in this database), every platform table becomes a
-- reference table: one copy on each node, so that a body schema placed on any worker joins them locally
-- and foreign keys between platform tables keep working. Without Citus this migration does nothing.
-- Three tables stay plain tables of the coordinator: the job runners' heartbeats (joined with the job
-- queue, itself local to the coordinator) and the login protection's counters (upserts computing with
-- now() and the stored row, which Citus refuses on its tables); no other table points at them.
-- Referenced tables go first (Citus wants the target of a foreign key distributed before the table that
-- points at it; meanwhile it turns the tables pointing at a reference table into "Citus local" tables,
-- which the loop then makes reference tables too: replication model 't'). Tables added by later platform
-- migrations must be made reference tables the same way.
do $$
declare
  pending regclass;
begin
  if not exists (select 1 from pg_extension where extname = 'citus') then
    return;
  end if;
  -- A trigger of a platform table then fires on each node's copy: Citus calls that unsafe, as a trigger
  -- could write elsewhere; ours only check the row they are given.
  perform set_config('citus.enable_unsafe_triggers', 'on', true);
  loop
    execute $sql$
      select c.oid::regclass
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'platform' and c.relkind = 'r'
         and c.relname not in ('job_worker', 'login_failure', 'login_rate_limit')
         and not exists (select 1 from pg_dist_partition p where p.logicalrelid = c.oid and p.repmodel = 't')
         and not exists (
           select 1 from pg_constraint f
            where f.conrelid = c.oid and f.contype = 'f' and f.confrelid <> c.oid
              and not exists (select 1 from pg_dist_partition p where p.logicalrelid = f.confrelid and p.repmodel = 't'))
       order by c.relname
       limit 1
    $sql$ into pending;
    exit when pending is null;
    perform create_reference_table(pending);
  end loop;
end
$$;
