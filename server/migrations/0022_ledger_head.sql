-- The head of a body's ledger, read after the lock that serialises appends to it, in one call: one round
-- trip where the lock and the read took two (server/src/evidence/ledger.ts, `lockLedgerHead`). The read
-- cannot share the lock's statement: a statement's snapshot is taken when it starts, before the lock is
-- granted, and would miss an append committed while it waited. A query run by a VOLATILE function takes
-- a fresh snapshot of its own under READ COMMITTED (PostgreSQL documentation, "Function Volatility
-- Categories"), after the lock: it sees every append committed before the lock was granted.
create function ledger_head(body_schema text, lock_key text, out sequence bigint, out hash text)
  language plpgsql volatile as $$
begin
  perform pg_advisory_xact_lock(hashtextextended(lock_key, 0));
  execute format('select sequence, hash from %I.ledger_entry order by sequence desc limit 1', body_schema) into sequence, hash;
end
$$;
