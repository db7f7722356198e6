"""Schemathesis hooks of the Cartable fuzz run (loaded through SCHEMATHESIS_HOOKS by scripts/fuzz/run.sh)."""

import json
import os
import re
from pathlib import Path

from hypothesis import strategies as st

import schemathesis
from schemathesis.graphql import nodes
from schemathesis.specs.graphql.scalars import get_extra_scalar_strategies

# `LocalDate` (YYYY-MM-DD): any calendar date from year 1 to 9999, and now and then any text at all.
schemathesis.graphql.scalar(
    "LocalDate",
    st.one_of(st.dates().map(lambda day: day.isoformat()), st.text(max_size=20)).map(nodes.String),
)
# `Month` (YYYY-MM): any month from year 0 to 9999 (the API accepts 2000 to 2100), or any text.
schemathesis.graphql.scalar(
    "Month",
    st.one_of(
        st.builds("{:04d}-{:02d}".format, st.integers(0, 9999), st.integers(0, 13)),
        st.text(max_size=12),
    ).map(nodes.String),
)
# `UUID` (every id an argument or input field takes): any UUID, upper case now and then (the API writes
# them in lower case), or any text (refused with NOT_FOUND, reason MALFORMED_ID).
_uuids = st.one_of(st.uuids().map(str), st.uuids().map(lambda value: str(value).upper()), st.text(max_size=40))
schemathesis.graphql.scalar("UUID", _uuids.map(nodes.String))
# Any other scalar the schema declares gets arbitrary text, so that a new scalar is fuzzed rather than
# making the run fail with "Unknown GraphQL Scalar" (give it a strategy above when it has a format).
_schema = Path(__file__).resolve().parents[2] / "schema" / "schema.graphql"
_known = set(get_extra_scalar_strategies()) | {"LocalDate", "Month", "UUID"}
for _name in re.findall(r"^scalar (\w+)", _schema.read_text(), flags=re.MULTILINE):
    if _name not in _known:
        schemathesis.graphql.scalar(_name, st.text(max_size=40).map(nodes.String))

# Ids and slugs of the demo (demo_values.py), mixed with arbitrary ones: random ids alone stop every
# operation at "not found", before the input reaches the code that uses it.
_values_file = os.environ.get("FUZZ_VALUES_FILE")
if _values_file:
    with open(_values_file) as file:
        _values = json.load(file)
    if _values["ids"]:
        schemathesis.graphql.scalar("UUID", st.one_of(st.sampled_from(_values["ids"]), _uuids).map(nodes.String))
    if _values["slugs"]:
        schemathesis.graphql.scalar("String", st.one_of(st.sampled_from(_values["slugs"]), st.text()).map(nodes.String))


@schemathesis.check
def no_server_error(ctx, response, case):
    """No HTTP 5xx, and no INTERNAL_SERVER_ERROR anywhere in the body (even under HTTP 200).

    Schemathesis' own `not_a_server_error` also counts every typed GraphQL error that Apollo's client
    codes do not cover (NOT_FOUND, FORBIDDEN, UNAUTHENTICATED, CONFLICT…) as a server error: for Cartable
    these are the expected answers to random ids and to callers without the right, so it is not used.
    """
    if response.status_code >= 500:
        raise AssertionError(f"HTTP {response.status_code}")
    if "INTERNAL_SERVER_ERROR" in response.text:
        raise AssertionError("INTERNAL_SERVER_ERROR in the response body")
