-- The body's SIRET (14 digits), required by the SCDL open-data exports of its acts (issue 19). Another
-- migration may add the same column: IF NOT EXISTS keeps both.
alter table body add column if not exists siret text;
