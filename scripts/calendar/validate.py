"""Parses Cartable's calendars with the `icalendar` library and checks them against expectations.

Usage: validate.py <expectations.json>

The expectations file is a list of checks, each
    {"file": "<path to a .ics, or to an .eml whose text/calendar parts are read>",
     "method": "PUBLISH" or null (the METHOD the calendar must have, none for a feed),
     "events": [{"uid": ..., "sequence": 0, "status": "CONFIRMED", "start": "2026-12-10T17:00:00+00:00",
                 "location": "..." or null, "summary_contains": "...", "description_contains": "..."}],
     "others_allowed": false}
`events` lists every event the calendar must hold, and nothing else unless `others_allowed`. Prints one line per check, exits 1
on the first file that does not parse, or when any expectation fails.
"""

import email
import email.policy
import json
import sys
from datetime import datetime, timezone

from icalendar import Calendar


def calendars_of(path):
    """The iCalendar texts of a file: itself for a .ics, every text/calendar part of an .eml."""
    with open(path, "rb") as handle:
        raw = handle.read()
    if not path.endswith(".eml"):
        return [raw]
    message = email.message_from_bytes(raw, policy=email.policy.default)
    parts = [part.get_payload(decode=True) for part in message.walk() if part.get_content_type() == "text/calendar"]
    if not parts:
        raise ValueError(f"{path}: no text/calendar part")
    return parts


def check_calendar(text, check, failures, label):
    calendar = Calendar.from_ical(text)
    # Written back and read again, the library keeps every event (nothing it could not represent).
    again = Calendar.from_ical(calendar.to_ical())
    events = calendar.walk("VEVENT")
    if len(again.walk("VEVENT")) != len(events):
        failures.append(f"{label}: events lost in a round trip")
    if str(calendar.get("VERSION")) != "2.0" or not calendar.get("PRODID"):
        failures.append(f"{label}: VERSION 2.0 and PRODID required")
    method = calendar.get("METHOD")
    if (str(method) if method is not None else None) != check.get("method"):
        failures.append(f"{label}: METHOD {method!r}, expected {check.get('method')!r}")
    by_uid = {}
    for event in events:
        uid = str(event.get("UID"))
        if uid in by_uid:
            failures.append(f"{label}: UID {uid} twice")
        by_uid[uid] = event
        for required in ("DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE", "STATUS"):
            if event.get(required) is None:
                failures.append(f"{label}: {uid} lacks {required}")
        if check.get("method") == "PUBLISH" and event.get("ORGANIZER") is None:
            failures.append(f"{label}: {uid} lacks the ORGANIZER that iTIP PUBLISH requires")
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        if start.tzinfo is None or end <= start:
            failures.append(f"{label}: {uid} start {start!r} must be zoned and before its end {end!r}")
    expected = {item["uid"]: item for item in check["events"]}
    if not set(expected) <= set(by_uid) or (set(by_uid) != set(expected) and not check.get("others_allowed")):
        failures.append(f"{label}: UIDs {sorted(by_uid)}, expected {sorted(expected)}")
    for uid, wanted in expected.items():
        event = by_uid.get(uid)
        if event is None:
            continue
        got = {
            "sequence": int(event.get("SEQUENCE")),
            "status": str(event.get("STATUS")),
            "start": event.decoded("DTSTART").astimezone(timezone.utc),
            "location": str(event.get("LOCATION")) if event.get("LOCATION") is not None else None,
            "summary": str(event.get("SUMMARY")),
            "description": str(event.get("DESCRIPTION")),
        }
        if got["sequence"] != wanted["sequence"]:
            failures.append(f"{label}: {uid} SEQUENCE {got['sequence']}, expected {wanted['sequence']}")
        if got["status"] != wanted["status"]:
            failures.append(f"{label}: {uid} STATUS {got['status']}, expected {wanted['status']}")
        if got["start"] != datetime.fromisoformat(wanted["start"]).astimezone(timezone.utc):
            failures.append(f"{label}: {uid} DTSTART {got['start'].isoformat()}, expected {wanted['start']}")
        if "location" in wanted and got["location"] != wanted["location"]:
            failures.append(f"{label}: {uid} LOCATION {got['location']!r}, expected {wanted['location']!r}")
        for key in ("summary", "description"):
            words = wanted.get(f"{key}_contains")
            if words and words not in got[key]:
                failures.append(f"{label}: {uid} {key.upper()} {got[key]!r} lacks {words!r}")
    return len(events)


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        checks = json.load(handle)
    failures = []
    for check in checks:
        for index, text in enumerate(calendars_of(check["file"])):
            label = f"{check['file']}#{index}"
            count = check_calendar(text, check, failures, label)
            print(f"parsed {label}: {count} event(s)")
    for failure in failures:
        print(f"FAIL {failure}")
    print(f"calendar: {len(checks)} file(s), {len(failures)} failure(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
