-- Body schema: the library, documents outside meetings (règlement intérieur, guides, budgets, rapports
-- annuels) read by every member of the body. A library document is a `document` with no meeting and a
-- library category: its versions, page text (search), annotations and downloads are those of any document.

alter table document
  alter column meeting_id drop not null,
  add column library_category text check (library_category in ('REGLEMENT_INTERIEUR', 'GUIDE', 'BUDGET', 'RAPPORT_ANNUEL', 'AUTRE')),
  add constraint document_meeting_or_library check ((meeting_id is null) <> (library_category is null));
create index document_library_idx on document (library_category, title) where meeting_id is null;

alter table pending_upload
  alter column meeting_id drop not null,
  add column library_category text check (library_category in ('REGLEMENT_INTERIEUR', 'GUIDE', 'BUDGET', 'RAPPORT_ANNUEL', 'AUTRE')),
  add constraint pending_upload_meeting_or_library check ((meeting_id is null) <> (library_category is null));
