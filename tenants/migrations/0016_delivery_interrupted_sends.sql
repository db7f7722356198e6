-- Issue 13: a delivery handed to its channel (SMTP server, SMS provider, push service) whose outcome the
-- process could not record (killed in between) is sent again by the next attempt: the official may get it
-- twice, under the same Message-ID. `sending_since` is set, committed, just before each hand-off and cleared
-- with its recorded outcome; an attempt that finds it set counts one interrupted send, shown in the
-- secretariat's follow-up as a possible duplicate.
alter table delivery add column sending_since timestamptz;
alter table delivery add column interrupted_sends integer not null default 0 check (interrupted_sends >= 0);
