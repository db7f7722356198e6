-- Body schema: full-text search of document pages (French stemming, accents and case folded), so that an
-- official finds a word across all the documents of their meetings. Queries fold their words the same way.
alter table document_page
  add column search tsvector generated always as (
    to_tsvector('french', translate(lower(text), 'àâäáãåçéèêëíìîïñóòôöõúùûüýÿ', 'aaaaaaceeeeiiiinooooouuuuyy'))
  ) stored;
create index document_page_search_idx on document_page using gin (search);
