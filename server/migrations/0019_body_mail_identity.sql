-- The identity of a body's emails: the display name of its From (the address stays the platform's verified
-- sender) and the Reply-To its secretariat sets. Null: « <body name> — Secrétariat des assemblées », no Reply-To.
alter table body
  add column mail_sender_name text,
  add column mail_reply_to text;
