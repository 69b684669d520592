#!/usr/bin/env bash
# Builds the Node addon once, checks that the committed index.d.ts matches the
# generated one and the per-platform package dirs match package.json,
# type-checks the TypeScript example (tsc --strict, typed events included), runs the tests
# (conformance included) and the quickstart, then cross-builds, packs and runs the
# linux-arm64-gnu package (cross-arm64.sh).
set -euo pipefail
cd "$(dirname "$0")"
npm install --no-audit --no-fund --loglevel=error
committed=$(mktemp)  # private: two checkouts may run this at once
trap 'rm -f "$committed"' EXIT
cp index.d.ts "$committed"
npm run --silent build
if ! diff -u "$committed" index.d.ts; then
  echo "bindings/node/index.d.ts is out of date: rebuild with 'npm run build' and commit it" >&2
  exit 1
fi
# The per-platform packages (npm/<platform>/package.json) follow package.json
# (cross-arm64.sh puts the built addon, not committed, in npm/linux-arm64-gnu).
npm_dirs=node_modules/.frontdesk-npm-dirs  # napi writes only inside the project
rm -rf "$npm_dirs"
npx --no-install napi create-npm-dirs --npm-dir "$npm_dirs" >/dev/null
if ! diff -ru -x '*.node' "$npm_dirs" npm; then
  echo "bindings/node/npm is out of date: run 'npx napi create-npm-dirs' and commit it" >&2
  exit 1
fi
npx --no-install tsc -p tsconfig.json
node --test test/
node ../../examples/quickstart.mjs >/dev/null
./cross-arm64.sh
