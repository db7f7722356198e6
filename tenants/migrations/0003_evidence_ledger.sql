-- Body schema: the evidence ledger. Append-only and hash-chained: each entry's hash covers the previous
-- hash and a canonical encoding of the entry, so altering, removing or reordering any entry is detected.
create table ledger_entry (
  sequence bigint primary key check (sequence >= 1),
  recorded_at timestamptz not null,
  kind text not null check (length(kind) between 1 and 100),
  subject_id uuid,
  payload jsonb not null,
  previous_hash text not null check (previous_hash ~ '^[0-9a-f]{64}$'),
  hash text not null unique check (hash ~ '^[0-9a-f]{64}$')
);
