#!/usr/bin/env bash
# Builds the uniffi library once, generates the Kotlin and Swift sources with the
# workspace's uniffi-bindgen, checks both against bindings/operations.json,
# compiles the Kotlin with -Werror and runs the Kotlin scripts (conformance,
# binding tests, durable store, every operation, quickstart) with JNA; tests/variants.rs
# checks the core enums the compiler cannot (non_exhaustive ones). No Swift compiler exists for this machine
# kind: the Swift sources are generated and checked, not compiled.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
if [ ! -f /usr/share/java/jna.jar ]; then
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq libjna-java >/dev/null
fi
TOOLS=target/tools
KOTLINC=$TOOLS/node_modules/kotlin-compiler/bin/kotlinc
if [ ! -x "$KOTLINC" ]; then
  mkdir -p "$TOOLS"
  [ -f "$TOOLS/package.json" ] || echo '{ "private": true }' > "$TOOLS/package.json"
  (cd "$TOOLS" && npm install --no-audit --no-fund --loglevel=error kotlin-compiler@2.4.20)
fi
# Core enums the compiler cannot check (non_exhaustive): every variant crosses.
cargo test -q --release -p frontdesk-uniffi --test variants
cargo build -q --release -p frontdesk-uniffi
GEN=target/uniffi-gen
rm -rf "$GEN"
cargo run -q --release -p frontdesk-uniffi --bin uniffi-bindgen -- \
  generate target/release/libfrontdesk_ffi.so --language kotlin --language swift --no-format --out-dir "$GEN"
node bindings/uniffi/check-generated.mjs "$GEN"
CP="$GEN/frontdesk.jar:/usr/share/java/jna.jar"
"$KOTLINC" -Werror -d "$GEN/frontdesk.jar" -classpath /usr/share/java/jna.jar \
  "$GEN/dev/frontdesk/frontdesk_ffi.kt" "$GEN/dev/frontdesk/core/frontdesk.kt" bindings/uniffi/tests/Json.kt
run() { "$KOTLINC" -classpath "$CP" -J-ea -J-Djna.library.path="$ROOT/target/release" -script "$@"; }
run bindings/uniffi/tests/conformance.kts crates/frontdesk-conformance/scenarios
run bindings/uniffi/tests/binding.kts
run bindings/uniffi/tests/store.kts
run bindings/uniffi/tests/operations.kts
run examples/Quickstart.kts >/dev/null
