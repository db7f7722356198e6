-- The procès-verbal arrêté is published online within the week after the séance that arrêta it
-- (L2121-15): when, and by whom (name and quality, as for the acts, R2131-1).
alter table proces_verbal add column published_at timestamptz;
alter table proces_verbal add column published_by_name text;
alter table proces_verbal add column published_by_quality text;
alter table proces_verbal add constraint proces_verbal_published_signed check (published_at is null or (status = 'SIGNED' and published_by_name is not null and published_by_quality is not null));

-- The department code of the body in the ACTES file names (3 characters: 025, 974, 02A), for the files an
-- approved @CTES operator takes.
alter table act_settings add column actes_department text check (actes_department ~ '^[0-9]{2}[0-9AB]$');
