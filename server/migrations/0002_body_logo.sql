-- The body's logo: a WebP produced by the image pipeline, stored under the body id.
alter table body add column logo_key text;
