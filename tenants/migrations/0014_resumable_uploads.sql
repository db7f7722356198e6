-- Body schema: a document larger than one part is uploaded in parts (S3 multipart upload), which the
-- browser can resume after a network drop or a page reload. The pending upload keeps the storage's
-- multipart upload id (null for a single POST, and once the parts are joined), the size the file was
-- declared with and the part size it was cut into.
alter table pending_upload
  add column multipart_upload_id text,
  add column size_bytes bigint,
  add column part_size bigint;
