#!/usr/bin/env bash
# `npm run test:services`: starts the real services — Keycloak (from Maven Central), MinIO and
# stripe-mock (both built from the Go module proxy), all cached outside the repo — runs the suites of
# server/test/services against them, and stops them again.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

trap 'bash "$repo/scripts/services/keycloak.sh" stop; bash "$repo/scripts/services/minio.sh" stop; bash "$repo/scripts/services/stripe-mock.sh" stop' EXIT
bash scripts/services/minio.sh start
bash scripts/services/stripe-mock.sh start
bash scripts/services/keycloak.sh start
set -a
eval "$(bash scripts/services/keycloak.sh env)"
eval "$(bash scripts/services/minio.sh env)"
eval "$(bash scripts/services/stripe-mock.sh env)"
set +a

cd server
npx vitest run --config vitest.services.config.ts
