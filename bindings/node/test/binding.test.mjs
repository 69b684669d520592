// The Node binding's own promises: camelCase names, Date in and out, errors
// with a code, clear errors for bad input from JavaScript, the batch call and
// the operations list.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { operations } from '../../operations.mjs'

const require = createRequire(import.meta.url)
const fd = require('../index.js')
const T = new Date('2026-03-02T09:00:00Z')

function workspace() {
  const ws = new fd.Workspace({ ...fd.reopenOnReply(), companyName: 'Acme' })
  ws.addUser('system', T, { name: 'Grace', email: 'grace@acme.com', role: 'admin' })
  ws.addUser('system', T, { name: 'Ana', email: 'ana@acme.com', role: 'agent', availability: 'online' })
  ws.receiveMessage('system', T, { channel: 'whatsapp', handle: '+1 234 567 890', body: 'hi' })
  return ws
}

test('every listed operation exists on the Node workspace', () => {
  for (const [op, entry] of Object.entries(operations())) {
    if (typeof entry.node === 'string') {
      const exists = typeof fd.Workspace.prototype[entry.node] === 'function' || typeof fd.Workspace[entry.node] === 'function'
      assert.ok(exists, `${op}: Workspace.${entry.node} is missing`)
    } else {
      assert.ok(entry.node.reason)
    }
  }
})

test('dates come back as Date objects and events carry a type', () => {
  const ws = workspace()
  const c = ws.conversation('system', 1)
  assert.ok(c.createdAt instanceof Date)
  assert.equal(c.createdAt.getTime(), T.getTime())
  assert.equal(ws.nextDue().getTime(), T.getTime() + 3600_000)
  const events = ws.takeOver(2, T, 1).events
  assert.deepEqual(events.map((e) => e.type), ['ai_mode_changed', 'assigned', 'taken_over'])
})

test('errors are Error objects with a stable code', () => {
  const ws = workspace()
  assert.throws(() => ws.conversation(2, 99), (e) => e instanceof Error && e.code === 'not_found')
  assert.throws(() => ws.deleteConversation(2, T, 1), (e) => e.code === 'forbidden')
  ws.sendInvoice(2, T, 1, { kind: 'invoice', amountMinor: 100, currency: 'EUR', description: 'x' })
  assert.throws(() => ws.close(1, T, 1), (e) => e.code === 'unpaid_invoice' && /invariant/.test(e.message))
  assert.ok(fd.errorCodes().includes('unpaid_invoice'))
})

test('errors are FrontdeskErrors carrying the core error\'s fields: diagnostics with positions, ids, allowed values', () => {
  const ws = workspace()
  const caught = (f) => {
    try {
      f()
    } catch (e) {
      assert.ok(e instanceof fd.FrontdeskError && e instanceof Error, String(e))
      assert.match(e.stack, /^FrontdeskError: \[/)
      assert.ok(!e.stack.includes('index.js'), e.stack)
      return e
    }
    assert.fail('no error')
  }
  const q = caught(() => ws.search(2, T, 'é status:pendng'))
  assert.deepEqual([q.code, q.family, q.name, q instanceof Error], ['query_syntax', 'invalid_input', 'FrontdeskError', true])
  const d = q.diagnostics.find((x) => x.code === 'invalid_value')
  assert.deepEqual([d.severity, d.span, d.utf16Span], ['error', { start: 10, end: 16 }, { start: 9, end: 15 }])
  assert.ok(d.fixes.some((f) => f.replacement === 'pending' && f.utf16Span.start === 9), JSON.stringify(d.fixes))
  const c = caught(() => fd.compileSql('status:pendng', ws.sqlContext(2, T), 'sqlite'))
  assert.equal(c.diagnostics[0].span.start, 7)
  const t = caught(() => ws.addTemplate('system', T, 'bad', 'Hi {{}}'))
  assert.deepEqual([t.code, t.diagnostics[0].span.start, t.diagnostics[0].span.end], ['template_syntax', 3, 7])
  ws.addTemplate('system', T, 'order', 'Order {{order_id}}')
  const m = caught(() => ws.renderTemplate(2, T, 1, 'order'))
  assert.deepEqual([m.code, m.missing.length, m.missing[0].variable, m.missing[0].span.start, m.missing[0].span.end], ['missing_variables', 1, 'order_id', 6, 18])
  const n = caught(() => ws.conversation(2, 99))
  assert.deepEqual([n.code, n.family, n.entity, n.id, n.diagnostics], ['not_found', 'not_found', 'conversation', '#99', undefined])
  ws.sendInvoice(2, T, 1, { kind: 'invoice', amountMinor: 100, currency: 'EUR', description: 'x' })
  const u = caught(() => ws.close(1, T, 1))
  assert.deepEqual([u.code, u.family, u.conversation, u.invoices], ['unpaid_invoice', 'invariant', 1, [1]])
  const v = caught(() => new fd.Workspace({ ...fd.reopenOnReply(), routing: ['coin_toss'] }))
  assert.deepEqual([v.code, v.field, v.input, v.allowed.includes('round_robin')], ['invalid_value', 'routing strategy', 'coin_toss', true])
  const w = caught(() => fd.Workspace.fromJson('{'))
  assert.equal(w.code, 'invalid_snapshot')
  assert.ok(new fd.Workspace() instanceof fd.Workspace)
})

test('bad input from JavaScript throws a clear error and never crashes', () => {
  const ws = workspace()
  const before = ws.toJson()
  const cases = [
    () => ws.close(undefined, T, 1),
    () => ws.close(null, T, 1),
    () => ws.close('root', T, 1),
    () => ws.close(1, T, null),
    () => ws.close(1, T, '1'),
    () => ws.close(1, T, NaN),
    () => ws.close(1, T, -1),
    () => ws.close(1, T, 1.5),
    () => ws.close(1, T, 2 ** 60),
    () => ws.close(1, T, Infinity),
    () => ws.close(1, new Date(NaN), 1),
    () => ws.close(1, '2026-03-02', 1),
    () => ws.close(1, undefined, 1),
    () => ws.assign(1, T, 1, [1, 'x']),
    () => ws.sendMessage(2, T, 1, 'x'.repeat(10_000_000)),
    () => ws.sendMessage(2, T, 1, undefined),
    () => ws.addUser('system', T, { name: 'X', email: 'x@y.co', role: 'superuser' }),
    () => ws.receiveMessages('system', T, [{ channel: 'sms' }]),
    () => ws.receiveMessage('system', T, { channel: 'sms', body: 'hi' }),
    () => ws.setVisibility(1, T, 1, 'nobody'),
    () => fd.Workspace.fromJson('{not json'),
  ]
  for (const [i, call] of cases.entries()) {
    assert.throws(call, (e) => e instanceof Error && typeof e.code === 'string', `case ${i}`)
  }
  // Lone surrogates are replaced by U+FFFD when they cross; nothing crashes.
  ws.sendMessage(2, T, 1, 'broken \ud800 text')
  assert.notEqual(ws.toJson(), before)
})

test('the batch call returns one result per message in order', () => {
  const ws = workspace()
  const batch = Array.from({ length: 100 }, (_, i) => ({ channel: 'sms', handle: `+1 555 000 ${String(i).padStart(4, '0')}`, body: 'hi' }))
  batch.splice(50, 0, { channel: 'sms', handle: 'not a number', body: 'hi' })
  const results = ws.receiveMessages('system', T, batch)
  assert.equal(results.length, 101)
  assert.equal(results[50].error.code, 'invalid_phone')
  assert.equal(results[0].delivered.conversation, 2)
})

test('views, search, routing and templates return typed objects; errors keep their code', () => {
  const ws = workspace()
  const page = ws.view(2, T, 'team_inbox', undefined, { limit: 1 })
  assert.equal(page.rows.length, 1)
  assert.ok(page.rows[0].lastActivityAt instanceof Date)
  assert.equal(page.rows[0].lastActivityAt.getTime(), T.getTime())
  assert.equal(page.rows[0].channel, 'whatsapp')
  assert.equal(ws.tiles(2).unassigned, 1)
  assert.deepEqual(ws.searchIds(2, T, 'hi'), [1])
  assert.throws(() => ws.search(2, T, 'status:pendng (hi'), (e) => e.code === 'query_syntax' && /invalid_value/.test(e.message))
  const diags = fd.queryDiagnostics('status:pendng (hi')
  assert.ok(diags.some((d) => d.code === 'invalid_value' && d.span.start === 7 && d.utf16Span.start === 7))
  ws.setRouting('system', T, ['load_balancing'])
  const d = ws.explainRouting('system', 1)
  assert.deepEqual([d.outcome, d.users, d.strategy], ['assign', [2], 'load_balancing'])
  assert.deepEqual(ws.config().routing, ['load_balancing'])
  assert.throws(() => ws.addTemplate('system', T, 'bad', 'Hi {{}}'), (e) => e.code === 'template_syntax')
  ws.addTemplate('system', T, 'order', 'Order {{order_id}}')
  assert.throws(() => ws.renderTemplate(2, T, 1, 'order'), (e) => e.code === 'missing_variables' && /6\.\.18/.test(e.message))
  assert.equal(ws.renderTemplate(2, T, 1, 'order', { order_id: 'A-1' }), 'Order A-1')
  assert.throws(() => ws.setPriorityRules('system', T, '{not json'), (e) => e.code === 'invalid_argument')
})

test('every name of every core enum is in its TypeScript type', () => {
  const dts = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8')
  const names = fd.enumNames()
  assert.ok(Object.keys(names).length >= 15, Object.keys(names).join())
  for (const [type, values] of Object.entries(names)) {
    const at = dts.indexOf(`export type ${type} =`)
    assert.ok(at >= 0, `index.d.ts has no type ${type}`)
    const body = dts.slice(at, dts.indexOf('\nexport ', at + 1))
    const declared = new Set([...body.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]))
    assert.ok(values.length > 0, type)
    for (const v of values) assert.ok(declared.has(v), `${type} lacks '${v}' in index.d.ts`)
  }
})

test('SQL compiled from a query runs over the exported rows', () => {
  const ws = workspace()
  const ctx = ws.sqlContext(2, T)
  const sql = fd.compileSql('is:open', ctx, 'sqlite')
  assert.match(sql.sql, /^SELECT c\.id FROM conversations c WHERE /)
  assert.ok(Array.isArray(sql.params))
  const pg = fd.compileSql('assignee:me tag:vip', ctx, 'postgres')
  assert.ok(pg.params.includes('vip') && pg.params.includes(2), JSON.stringify(pg.params))
  assert.throws(() => fd.compileSql('status:pendng', ctx, 'sqlite'), (e) => e.code === 'query_syntax')
  assert.throws(() => fd.compileSql('is:open', ctx, 'oracle'), (e) => e.code === 'invalid_value')
  const tables = ws.exportRows()
  const conversations = tables.find((t) => t.name === 'conversations')
  assert.equal(conversations.rows.length, 1)
  assert.equal(conversations.rows[0][conversations.columns.indexOf('id')], 1)
  assert.deepEqual(tables.find((t) => t.name === 'users').rows.length, 2)
})

test('setUserCapacity changes the capacity alone and keeps the skills', () => {
  const ws = workspace()
  ws.setUserRouting(1, T, 2, ['billing'], 4)
  ws.setUserCapacity(1, T, 2, 5)
  const ana = ws.user(2)
  assert.deepEqual([ana.skills, ana.capacity], [['billing'], 5])
})

test('bulk auto_assign routes each conversation through auto-assignment', () => {
  const ws = workspace()
  const [outcome] = ws.bulk(1, T, [1], { action: 'auto_assign' })
  assert.ok(outcome.events.some((e) => e.type === 'assigned'), JSON.stringify(outcome))
  assert.throws(() => ws.bulk(1, T, [1], { action: 'shuffle' }), (e) => e.code === 'invalid_value')
})
