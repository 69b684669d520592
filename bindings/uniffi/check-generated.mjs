// Checks the generated Kotlin and Swift sources without a Swift compiler:
// every operation bindings/operations.mjs resolves for Kotlin (store_operations too) is declared in both
// (Swift uses the same camelCase names), and the types a Swift user needs exist.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { operations } from '../operations.mjs'

const gen = process.argv[2]
// The binding's module and the core's (its value types and enums, derived in the core).
const kotlin = readFileSync(join(gen, 'dev/frontdesk/frontdesk_ffi.kt'), 'utf8')
const swift = readFileSync(join(gen, 'Frontdesk.swift'), 'utf8')
const swiftCore = readFileSync(join(gen, 'FrontdeskCore.swift'), 'utf8')
// The store's operations too: openWorkspace is a top-level function, the others Workspace methods.
const ops = { ...operations(), ...operations('store_operations') }
// tests/operations.kts calls every operation listed for Kotlin.
const usage = readFileSync(new URL('./tests/operations.kts', import.meta.url), 'utf8')
const problems = []
let checked = 0
for (const [op, entry] of Object.entries(ops)) {
  if (typeof entry.kotlin !== 'string') {
    if (!entry.kotlin.reason) problems.push(`${op}: no Kotlin name and no reason`)
    continue
  }
  const name = entry.kotlin
  if (!new RegExp(`fun \`?${name}\`?\\(`).test(kotlin)) problems.push(`Kotlin: Workspace.${name} (${op}) is not generated`)
  if (!new RegExp(`func ${name}\\(`).test(swift)) problems.push(`Swift: Workspace.${name} (${op}) is not generated`)
  if (!new RegExp(`\\b${name}\\(`).test(usage)) problems.push(`tests/operations.kts does not call ${name} (${op})`)
  checked++
}
for (const decl of [
  'open class Workspace', 'enum FrontdeskError: Swift.Error', 'public struct WorkspaceConfig',
  'public func reopenOnReply(', 'public func parseStatus(', 'public func openWorkspace(',
]) {
  if (!swift.includes(decl)) problems.push(`Swift: missing declaration "${decl}"`)
}
for (const decl of ['public enum Actor', 'public enum Visibility', 'public enum Status', 'public enum Channel', 'public enum Event',
  'public struct Conversation', 'public enum ConversationKind', 'public struct User', 'public struct Notification']) {
  if (!swiftCore.includes(decl)) problems.push(`Swift (FrontdeskCore): missing declaration "${decl}"`)
}
for (const code of ['case NotFound(', 'case Forbidden(', 'case Invariant(', 'case InvalidInput(', 'case Storage(']) {
  if (!swift.includes(code)) problems.push(`Swift: FrontdeskError lacks "${code}"`)
}
if (problems.length) {
  console.error(problems.join('\n'))
  process.exit(1)
}
console.log(`generated sources declare all ${checked} listed operations (kotlin, swift); tests/operations.kts calls each`)
