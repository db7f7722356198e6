-- Body schema: an upload is bound to the size it was declared with (the storage refuses another, the
-- completion checks it again), and becomes at most one document version, which remembers the upload:
-- a second completion of the same upload answers with that version instead of racing the first.
-- Single POSTs authorised before this migration had no declared size: they expire now (the secretariat
-- sends the file again).
update pending_upload set size_bytes = max_bytes, expires_at = least(expires_at, now()) where size_bytes is null;
alter table pending_upload
  alter column size_bytes set not null,
  add constraint pending_upload_size_bytes_check check (size_bytes > 0),
  drop column max_bytes;
alter table document_version add column upload_id uuid unique;
