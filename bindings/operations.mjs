// The full list of operations and each binding's name for them, for the
// bindings' tests: every public method of `impl Workspace` blocks in
// crates/frontdesk/src (section "operations") and every public function and
// StoredWorkspace method of crates/frontdesk-store/src/lib.rs
// ("store_operations"), under its default name (python: the Rust name; node,
// kotlin: its lowerCamelCase) unless operations.json names another name or a
// reason. The same scan as crates/frontdesk-conformance/tests/operations.rs.
import { readFileSync, readdirSync } from 'node:fs'

const root = new URL('../', import.meta.url)
const read = (path) => readFileSync(new URL(path, root), 'utf8')
const camel = (op) => op.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())

// The `    pub fn name` lines of the `impl <type> {` blocks of a source (depth 1 only).
function methods(text, type) {
  const names = []
  for (const block of text.split(`\nimpl ${type} {`).slice(1)) {
    let depth = 1
    for (const line of block.split('\n')) {
      const m = depth === 1 && /^ {4}pub fn ([a-z0-9_]+)/.exec(line)
      if (m) names.push(m[1])
      depth += (line.match(/{/g) || []).length - (line.match(/}/g) || []).length
      if (depth <= 0) break
    }
  }
  return names
}

function coreOperations() {
  const files = readdirSync(new URL('crates/frontdesk/src/', root), { recursive: true }).filter((f) => f.endsWith('.rs'))
  return files.flatMap((f) => methods(read(`crates/frontdesk/src/${f}`), 'Workspace'))
}

function storeOperations() {
  const text = read('crates/frontdesk-store/src/lib.rs')
  const free = [...text.matchAll(/^pub fn ([a-z0-9_]+)/gm)].map((m) => m[1])
  return [...free, ...methods(text, 'StoredWorkspace')]
}

/** `{ op: { python, node, kotlin } }`, each a name or `{ reason }`, for a section of operations.json. */
export function operations(section = 'operations') {
  const exceptions = JSON.parse(read('bindings/operations.json'))[section]
  const ops = section === 'operations' ? coreOperations() : storeOperations()
  const out = {}
  for (const op of new Set(ops)) {
    const e = exceptions[op] ?? {}
    const pick = (binding, name) => (e.reason ? e : e[binding] ?? name)
    out[op] = { python: pick('python', op), node: pick('node', camel(op)), kotlin: pick('kotlin', camel(op)) }
  }
  return out
}
