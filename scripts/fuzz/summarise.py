"""Reads the JUnit reports of scripts/fuzz/run.sh: one line per identity, each failure with its operation
and reproduction, and the closing line `fuzz: N passed, M failed` (operation runs: an operation fuzzed as
one identity). Exits 1 when any run failed."""

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

report_dir = Path(sys.argv[1])
identities = sys.argv[2:]
passed = failed = 0
for identity in identities:
    root = ET.parse(report_dir / f"{identity}.xml").getroot()
    cases = root.iter("testcase")
    ok = bad = skipped = 0
    for case in cases:
        problems = case.findall("failure") + case.findall("error")
        if case.find("skipped") is not None and not problems:
            skipped += 1
        elif problems:
            bad += 1
            for problem in problems:
                text = (problem.get("message") or "") + "\n" + (problem.text or "")
                text = re.sub(r"\n{3,}", "\n\n", text.strip())
                print(f"--- FAILED {identity} {case.get('name')}\n{text[:3000]}\n")
        else:
            ok += 1
    generated = ""
    log = report_dir / f"{identity}.log"
    if log.exists():
        match = re.search(r"Test cases:\s*(.*)", log.read_text(errors="replace"))
        generated = f" (test cases: {match.group(1).strip()})" if match else ""
    print(f"{identity}: {ok} operations passed, {bad} failed, {skipped} skipped{generated}")
    passed += ok
    failed += bad
print(f"fuzz: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
