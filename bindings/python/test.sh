#!/usr/bin/env bash
# Builds the Python wheel once, installs it into a virtualenv under target/,
# and runs the stub check, the tests (conformance included) and the quickstart.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
VENV=$ROOT/target/venv
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -c "import maturin, pytest, mypy" 2>/dev/null || "$VENV/bin/pip" install -q "maturin>=1.16,<2" pytest mypy
# The record and event classes are generated from the core's structs and its
# Event enum; fail when stale.
"$VENV/bin/python" bindings/python/gen_records.py --check
# The stub lines of the table operations are generated from src/commands.rs.
"$VENV/bin/python" bindings/python/gen_stub.py --check
rm -f target/wheels/frontdesk-*.whl
(cd bindings/python && "$VENV/bin/maturin" build --release -q -o "$ROOT/target/wheels")
"$VENV/bin/pip" install -q --force-reinstall --no-deps target/wheels/frontdesk-*.whl
# The enums are generated from the core's values (through the built module).
"$VENV/bin/python" bindings/python/gen_enums.py --check
# Run from a neutral directory so the installed package is the one checked.
(cd target && "$VENV/bin/python" -m mypy.stubtest frontdesk --allowlist "$ROOT/bindings/python/stubtest-allowlist.txt")
"$VENV/bin/python" -m mypy --strict examples/quickstart.py bindings/python/tests/test_typed.py
"$VENV/bin/python" -m pytest -q -s -p no:cacheprovider bindings/python/tests
"$VENV/bin/python" examples/quickstart.py >/dev/null
# The source distribution: it builds, and carries the licenses, the README and
# every crate the wheel is built from.
rm -rf target/sdist
(cd bindings/python && "$VENV/bin/maturin" sdist -o "$ROOT/target/sdist")
listing=$(tar tzf target/sdist/frontdesk-*.tar.gz)
for wanted in pyproject.toml README.md LICENSE-MIT LICENSE-APACHE crates/frontdesk/Cargo.toml crates/frontdesk-store/Cargo.toml python/frontdesk/py.typed python/frontdesk/_frontdesk.pyi; do
  grep -q "/$wanted\$" <<<"$listing" || { echo "sdist lacks $wanted" >&2; exit 1; }
done
