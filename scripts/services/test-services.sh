#!/usr/bin/env bash
# `npm run test:services`: starts the real services (Keycloak, from Maven Central, cached outside the
# repo), runs the suites of server/test/services against them, and stops them again.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

bash scripts/services/keycloak.sh start
trap 'bash "$repo/scripts/services/keycloak.sh" stop' EXIT
set -a
eval "$(bash scripts/services/keycloak.sh env)"
set +a

cd server
npx vitest run --config vitest.services.config.ts
