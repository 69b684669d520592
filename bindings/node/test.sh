#!/usr/bin/env bash
# Builds the Node addon once, checks that the committed index.d.ts matches the
# generated one, type-checks the TypeScript example, and runs the tests
# (conformance included) and the quickstart.
set -euo pipefail
cd "$(dirname "$0")"
npm install --no-audit --no-fund --loglevel=error
cp index.d.ts "${TMPDIR:-/tmp}/frontdesk-index.d.ts.committed"
npm run --silent build
if ! diff -u "${TMPDIR:-/tmp}/frontdesk-index.d.ts.committed" index.d.ts; then
  echo "bindings/node/index.d.ts is out of date: rebuild with 'npm run build' and commit it" >&2
  exit 1
fi
npx --no-install tsc -p tsconfig.json
node --test test/
node ../../examples/quickstart.mjs >/dev/null
