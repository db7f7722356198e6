-- The personal calendar feed (`/calendar/<token>.ics`): the token is never stored. It is derived from a
-- random salt and the server's link secret (so its owner can read the link again), and looked up by its
-- SHA-256; revoking clears both, and the old link answers 404.
alter table person add column calendar_token_salt text;
alter table person add column calendar_token_sha256 text;
alter table person add constraint person_calendar_token_sha256_key unique (calendar_token_sha256);
alter table person add constraint person_calendar_token_check check ((calendar_token_salt is null) = (calendar_token_sha256 is null));
