"""Collects the ids and slugs the demo users can see, so that the fuzz run reaches past "not found".

Reads `identity token` lines on standard input, queries the server's GraphQL API as each identity and
writes {"ids": [...], "slugs": [...]} (sorted, union of all identities) to the file named by argv[2].
A query an identity may not make simply contributes nothing."""

import json
import sys
import urllib.request

graphql_url, output = sys.argv[1], sys.argv[2]
QUERIES = [
    "{ me { id memberships { id person { id } body { id slug } } } }",
    "{ bodies { id slug } }",
    "{ bodies { members { id person { id } } } }",
    "{ bodies { assemblies { id members { id } } } }",
    "{ bodies { meetings(limit: 50) { id agenda { id children { id } } documents { id } } } }",
    "{ myMeetings { id body { id slug } documents { id } } }",
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
        with urllib.request.urlopen(request, timeout=60) as response:
            walk(json.load(response).get("data"), ids, slugs)
with open(output, "w") as file:
    json.dump({"ids": sorted(ids), "slugs": sorted(slugs)}, file)
print(f"{len(ids)} ids and {len(slugs)} slugs of the demo", file=sys.stderr)
