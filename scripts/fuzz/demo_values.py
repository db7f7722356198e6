"""Collects the ids and slugs the demo users can see, so that the fuzz run reaches past "not found".

Reads `identity token` lines on standard input, queries the server's GraphQL API as each identity and
writes {"ids": [...], "slugs": [...]} (sorted, union of all identities) to the file named by argv[2].
A query an identity may not make, or that the server refuses, simply contributes nothing."""

import json
import sys
import urllib.error
import urllib.request

graphql_url, output = sys.argv[1], sys.argv[2]
QUERIES = [
    "{ me { id memberships { id person { id } body { id slug } } } }",
    "{ bodies { id slug } }",
    "{ bodies { members { id person { id } } } }",
    "{ bodies { assemblies { id members { id } } } }",
    # Small lists: the cost limit multiplies nested fields by the list sizes.
    "{ bodies { meetings(limit: 20) { id } } }",
    "{ bodies { meetings(limit: 5) { agenda { id children { id } } } } }",
    "{ bodies { meetings(limit: 5) { documents { id } } } }",
    "{ myMeetings(limit: 10) { id body { id slug } documents { id } } }",
    "{ devices { id loans { id } tickets { id } } }",
    "{ mySupportTickets { id } }",
    "{ supportTickets { id } }",
]


def walk(value, ids, slugs):
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "id" and isinstance(item, str):
                ids.add(item)
            elif key == "slug" and isinstance(item, str):
                slugs.add(item)
            else:
                walk(item, ids, slugs)
    elif isinstance(value, list):
        for item in value:
            walk(item, ids, slugs)


ids, slugs = set(), set()
for line in sys.stdin:
    identity, _, token = line.strip().partition(" ")
    for query in QUERIES:
        request = urllib.request.Request(
            graphql_url,
            data=json.dumps({"query": query}).encode(),
            headers={"content-type": "application/json", "authorization": f"Bearer {token}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                walk(json.load(response).get("data"), ids, slugs)
        except urllib.error.HTTPError as refusal:  # e.g. a query over the cost limit: 400
            print(f"{identity}: HTTP {refusal.code} to {query}: {refusal.read(300)!r}", file=sys.stderr)
with open(output, "w") as file:
    json.dump({"ids": sorted(ids), "slugs": sorted(slugs)}, file)
print(f"{len(ids)} ids and {len(slugs)} slugs of the demo", file=sys.stderr)
