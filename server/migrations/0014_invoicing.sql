-- Invoicing as French public bodies pay: each member body gets, per closed month, an invoice (Factur-X,
-- deposited on Chorus Pro) issued by the contract's supplier; corrections are credit notes.

-- What Chorus Pro needs of a public buyer: its SIRET, the service code and, when the body requires one,
-- the engagement number (bon de commande) quoted on its invoices.
alter table body add column siret text check (siret ~ '^[0-9]{14}$');
alter table body add column chorus_service_code text check (length(chorus_service_code) between 1 and 100);
alter table body add column engagement_required boolean not null default false;
alter table body add column engagement_number text check (length(engagement_number) between 1 and 50);

-- The supplier as invoices name it, and two billing rules of the contract: tablets allocated or returned
-- during a month are charged by day (or for the whole month), and staff-only accounts (secretariat,
-- administrators) take a seat only when the contract says so.
alter table groupement_contract add column supplier_siret text check (supplier_siret ~ '^[0-9]{14}$');
alter table groupement_contract add column supplier_vat_number text check (supplier_vat_number ~ '^FR[0-9A-Z]{2}[0-9]{9}$');
alter table groupement_contract add column supplier_address text check (length(supplier_address) between 1 and 300);
alter table groupement_contract add column prorate_by_day boolean not null default true;
alter table groupement_contract add column bill_staff_seats boolean not null default false;

-- VAT rates by kind of line, dated: the rate of a line is the one valid on the first day of the month
-- invoiced (20 % when none is set). Rates in basis points, among the French rates.
create table vat_rate (
  kind text not null check (kind in ('SEAT', 'DEVICE', 'SETUP')),
  valid_from date not null,
  rate_basis_points integer not null check (rate_basis_points in (0, 210, 550, 1000, 2000)),
  set_by uuid not null references person (id),
  set_at timestamptz not null default now(),
  primary key (kind, valid_from)
);

-- Gap-free numbering: one counter per issuer (the supplier's SIRET) and year, incremented in the
-- transaction that writes the invoice, so a rolled-back issue leaves no hole.
create table invoice_sequence (
  issuer_siret text not null check (issuer_siret ~ '^[0-9]{14}$'),
  year integer not null check (year between 2000 and 2999),
  last_number integer not null check (last_number >= 1),
  primary key (issuer_siret, year)
);

-- Issued invoices and credit notes, never updated except for their payment/deposit status fields.
create table issued_invoice (
  id uuid primary key,
  kind text not null check (kind in ('INVOICE', 'CREDIT_NOTE')),
  number text not null,
  issuer_siret text not null,
  body_id uuid not null references body (id),
  month date not null check (extract(day from month) = 1),
  -- The invoice a credit note corrects.
  credits_invoice_id uuid references issued_invoice (id),
  credit_reason text check (length(credit_reason) between 1 and 500),
  issued_on date not null,
  due_on date not null,
  lines jsonb not null check (jsonb_typeof(lines) = 'array'),
  -- What the document says of both parties, frozen at issue.
  parties jsonb not null,
  total_ht_cents bigint not null,
  total_vat_cents bigint not null,
  total_ttc_cents bigint not null,
  pdf bytea not null,
  pdf_sha256 text not null check (pdf_sha256 ~ '^[0-9a-f]{64}$'),
  -- Chorus Pro side: recorded by hand (or by a future API adapter).
  chorus_status text not null default 'A_DEPOSER'
    check (chorus_status in ('A_DEPOSER', 'DEPOSEE', 'MISE_A_DISPOSITION', 'MANDATEE', 'PAYEE')),
  chorus_status_at timestamptz,
  -- Stripe side: the send_invoice invoice that mirrors this one, once pushed.
  stripe_invoice_id text unique,
  issued_by uuid not null references person (id),
  created_at timestamptz not null default now(),
  unique (issuer_siret, number),
  check ((kind = 'CREDIT_NOTE') = (credits_invoice_id is not null)),
  check ((kind = 'CREDIT_NOTE') = (credit_reason is not null)),
  foreign key (body_id, month) references cost_statement (body_id, month)
);
-- One invoice per body and month: a correction is a credit note.
create unique index issued_invoice_one_per_month on issued_invoice (body_id, month) where kind = 'INVOICE';
create index issued_invoice_body_idx on issued_invoice (body_id, issued_on desc);

-- The contents of an issued document cannot change; only its Chorus Pro and Stripe status can.
create function issued_invoice_immutable() returns trigger language plpgsql as $$
begin
  if (to_jsonb(new) - 'chorus_status' - 'chorus_status_at' - 'stripe_invoice_id')
     is distinct from (to_jsonb(old) - 'chorus_status' - 'chorus_status_at' - 'stripe_invoice_id') then
    raise exception 'an issued invoice is never edited (issue a credit note)' using errcode = 'P0001', constraint = 'issued_invoice_immutable';
  end if;
  return new;
end;
$$;
create trigger issued_invoice_immutable before update on issued_invoice for each row execute function issued_invoice_immutable();
create function issued_invoice_no_delete() returns trigger language plpgsql as $$
begin
  raise exception 'an issued invoice is never deleted (issue a credit note)' using errcode = 'P0001', constraint = 'issued_invoice_immutable';
end;
$$;
create trigger issued_invoice_no_delete before delete on issued_invoice for each row execute function issued_invoice_no_delete();
