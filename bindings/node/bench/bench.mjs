// Benchmarks of the Node binding (run by hand, not a timed test):
//   node bindings/node/bench/bench.mjs [messages]
// Prints the cost of one crossing, of one receiveMessage call, and the
// throughput of batch ingestion through receiveMessages. Figures are recorded
// in docs/bindings.md.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const fd = require('../index.js')
const N = Number(process.argv[2] ?? 300000)
const T = new Date('2026-03-02T09:00:00Z')

function workspace() {
  const ws = new fd.Workspace({ ...fd.reopenOnReply(), companyName: 'Bench' })
  ws.addUser('system', T, { name: 'Admin', email: 'admin@bench.test', role: 'admin' })
  return ws
}
function best(f, repeat = 3) {
  let min = Infinity
  for (let i = 0; i < repeat; i++) {
    const start = process.hrtime.bigint()
    f()
    min = Math.min(min, Number(process.hrtime.bigint() - start) / 1e9)
  }
  return min
}
const fmt = (n) => Math.round(n).toLocaleString('en-US')

const ws = workspace()
ws.receiveMessage('system', T, { channel: 'sms', handle: '+1 555 000 0000', body: 'hi' })
const calls = 200000
let t = best(() => { for (let i = 0; i < calls; i++) ws.canSee('system', 1) })
console.log(`one crossing (canSee):               ${(t / calls * 1e9).toFixed(0)} ns/call`)

const contacts = 1000
const handles = Array.from({ length: contacts }, (_, i) => `+1 555 ${String(Math.floor(i / 10000)).padStart(3, '0')} ${String(i % 10000).padStart(4, '0')}`)
t = best(() => {
  const w = workspace()
  for (let i = 0; i < N / 10; i++) w.receiveMessage('system', T, { channel: 'sms', handle: handles[i % contacts], body: 'hello' })
}, 1)
console.log(`receiveMessage, one call each:       ${fmt(N / 10 / t)} messages/s`)

const batch = Array.from({ length: N }, (_, i) => ({ channel: 'sms', handle: handles[i % contacts], body: 'hello' }))
t = best(() => {
  const out = workspace().receiveMessages('system', T, batch)
  if (out.length !== N || !out[N - 1].delivered) throw new Error('batch failed')
})
console.log(`receiveMessages, one batch of ${fmt(N)}: ${fmt(N / t)} messages/s (${(t * 1000).toFixed(0)} ms)`)
