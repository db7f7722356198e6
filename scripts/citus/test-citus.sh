#!/usr/bin/env bash
# `npm run test:citus`: builds Citus once (cached), starts a coordinator and two workers on loopback, runs
# the integration suites of server/vitest.citus.config.ts against the coordinator (each test file in a
# database of its own, body schemas distributed over the workers), and stops the cluster again.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

bash scripts/citus/build.sh
trap 'bash "$repo/scripts/citus/cluster.sh" stop' EXIT
bash scripts/citus/cluster.sh start
set -a
eval "$(bash scripts/citus/cluster.sh env)"
set +a

cd server
if [ "$#" -gt 0 ]; then
  exec npx vitest run --config vitest.citus.config.ts "$@"
fi
# The schema move runs alone, after the others: it bounds how long the move blocks a body's writes (< 1 s),
# which the other files' load on the same 2 vCPUs would measure instead (1.16 s once in CI-like runs).
move=test/citus/schema-move.int.test.ts
npx vitest run --config vitest.citus.config.ts --exclude "$move"
npx vitest run --config vitest.citus.config.ts "$move"
