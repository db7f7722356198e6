-- Liveness of job workers (graphile-worker). A worker that stops beating (crash, kill -9, lost machine)
-- has its locked jobs released by the survivors within a minute, instead of graphile-worker's 4 hours:
-- a convocation must not wait past its legal deadline for a dead process.
create table job_worker (
  worker_id text primary key,
  heartbeat_at timestamptz not null default now()
);
