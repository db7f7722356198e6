-- Billing by issued invoices only: the Stripe seat subscriptions are retired (Stripe keeps the customer of
-- each body and the send_invoice invoices mirroring our Factur-X ones), the payment status Stripe reports
-- is recorded on our issued invoice, and the contract gets an optional monthly support price.

alter table billing_account
  drop column stripe_subscription_id,
  drop column stripe_subscription_item_id,
  drop column stripe_price_id,
  drop column seat_quantity,
  drop column seat_version,
  drop column synced_seat_version,
  drop column subscription_status,
  drop column subscription_event_at;

alter table groupement_contract drop column stripe_seat_price_id;

-- The state of the Stripe invoice mirroring it, from the webhooks (the newest event wins, see `invoice`).
-- (On Citus these are reference tables: a constraint needs its name, given here as PostgreSQL would, and a
-- statement of its own.)
alter table issued_invoice
  add column payment_status text,
  add column payment_status_at timestamptz;
alter table issued_invoice add constraint issued_invoice_payment_status_check
  check (payment_status in ('draft', 'open', 'paid', 'void', 'uncollectible'));

-- The contents of an issued document cannot change; only its Chorus Pro, Stripe and payment status can.
create or replace function issued_invoice_immutable() returns trigger language plpgsql as $$
begin
  if (to_jsonb(new) - 'chorus_status' - 'chorus_status_at' - 'stripe_invoice_id' - 'payment_status' - 'payment_status_at')
     is distinct from (to_jsonb(old) - 'chorus_status' - 'chorus_status_at' - 'stripe_invoice_id' - 'payment_status' - 'payment_status_at') then
    raise exception 'an issued invoice is never edited (issue a credit note)' using errcode = 'P0001', constraint = 'issued_invoice_immutable';
  end if;
  return new;
end;
$$;

-- Monthly support (maintenance, help desk), when the contract prices it: charged to each member body
-- (PER_BODY) or one price shared between them by the contract's sharing rule (SHARED).
alter table groupement_contract
  add column support_price_cents integer,
  add column support_sharing text not null default 'PER_BODY';
alter table groupement_contract add constraint groupement_contract_support_price_cents_check
  check (support_price_cents between 0 and 100000000);
alter table groupement_contract add constraint groupement_contract_support_sharing_check
  check (support_sharing in ('PER_BODY', 'SHARED'));

-- The support has its VAT rate like every other kind of line.
alter table vat_rate drop constraint vat_rate_kind_check;
alter table vat_rate add constraint vat_rate_kind_check check (kind in ('SEAT', 'DEVICE', 'SETUP', 'SUPPORT'));

-- Jobs of the retired Stripe paths (seat sync, statement push) would wait forever for a handler that is gone:
-- they are removed, so that nothing stays queued (graphile-worker's own tables, present once the worker ran).
do $$
begin
  if to_regclass('graphile_worker._private_jobs') is not null then
    delete from graphile_worker._private_jobs jobs
      using graphile_worker._private_tasks tasks
      where jobs.task_id = tasks.id and tasks.identifier in ('billing.sync-body', 'billing.push-statement');
  end if;
end
$$;
