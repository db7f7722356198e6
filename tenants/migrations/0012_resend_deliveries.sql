-- Body schema: a convocation sent again to one official (the secretariat's « Renvoyer ») is a delivery of
-- its own purpose, so the follow-up and the proof tell it from the first send and from reminders.
alter table delivery drop constraint delivery_purpose_check;
alter table delivery add constraint delivery_purpose_check check (purpose in ('CONVOCATION', 'REMINDER', 'RESEND'));
