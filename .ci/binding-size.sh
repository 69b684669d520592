#!/usr/bin/env bash
# Prints how much hand-written code each binding carries next to the core it
# wraps: lines of Rust in each binding crate and of the hand-written stubs and
# types (generated files, tests and benches excluded), against the lines of
# crates/frontdesk/src. The goal is at most 30% for all bindings together.
set -euo pipefail
cd "$(dirname "$0")/.."
lines() { cat "$@" 2>/dev/null | wc -l; }
core=$(lines $(find crates/frontdesk/src -name '*.rs'))
# Python: frontdesk/events.py and frontdesk/_enums.py are generated from the
# core (bindings/python/gen_events.py, gen_enums.py; test.sh fails when either
# is stale), so they are not counted; the generators are.
python=$(lines $(find bindings/python/src -name '*.rs') $(ls bindings/python/python/frontdesk/*.py | grep -Ev '/(events|_enums)\.py$') bindings/python/python/frontdesk/*.pyi bindings/python/gen_*.py)
node=$(lines $(find bindings/node/src -name '*.rs') bindings/node/types-header.d.ts bindings/node/index.mjs)
uniffi=$(lines $(find bindings/uniffi/src -name '*.rs'))
total=$((python + node + uniffi))
printf '%-28s %7s %6s\n' "hand-written lines" lines "% core"
printf '%-28s %7d %6s\n' "core (crates/frontdesk/src)" "$core" 100
for name in python node uniffi total; do
  printf '%-28s %7d %5d%%\n' "$name" "${!name}" $((100 * ${!name} / core))
done
