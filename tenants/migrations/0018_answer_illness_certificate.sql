-- CGCT L2121-20: « sauf cas de maladie dûment constatée » — the date of the medical certificate that
-- establishes the illness, recorded with the proxy that relies on it (optional; only with the illness
-- declared). Numbered 0020 to leave 0016-0019 to the body migrations of other branches.
alter table attendance_answer
  add column illness_certified_on date,
  add constraint attendance_answer_certificate_with_illness check (illness_certified_on is null or illness_declared);
