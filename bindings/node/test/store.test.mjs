// Durable workspaces from Node: open() on a SQLite file keeps every command,
// a second handle sees it after refresh(), a bad URL is invalid_value.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { operations } from '../../operations.mjs'

const require = createRequire(import.meta.url)
const fd = require('../index.js')
const T = new Date('2026-03-02T09:00:00Z')

function tempUrl(t) {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-node-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return `sqlite://${join(dir, 'inbox.db')}` // dir is absolute: sqlite:///...
}

function seed(ws) {
  const grace = ws.addUser('system', T, { name: 'Grace', email: 'grace@acme.com', role: 'admin' }).value
  const ana = ws.addUser('system', T, { name: 'Ana', email: 'ana@acme.com', role: 'agent', availability: 'online' }).value
  const d = ws.receiveMessage('system', T, { channel: 'whatsapp', handle: '+1 234 567 890', body: 'hi' }).value
  ws.takeOver(ana, T, d.conversation)
  return { grace, ana, c: d.conversation }
}

function view(ws, viewer, c) {
  const conv = ws.conversation(viewer, c)
  const bodies = ws.transcript(viewer, c).entries.map((e) => e.body)
  return { tiles: ws.tiles(viewer), status: conv.status, assignees: conv.assignees, aiMode: conv.aiMode, bodies }
}

test('every listed store operation exists in Node', () => {
  for (const [op, entry] of Object.entries(operations('store_operations'))) {
    if (typeof entry.node === 'string') {
      const exists = typeof fd.Workspace.prototype[entry.node] === 'function' || typeof fd[entry.node] === 'function'
      assert.ok(exists, `${op}: ${entry.node} is missing`)
    } else {
      assert.ok(entry.node.reason)
    }
  }
})

test('commands survive closing and reopening', (t) => {
  const url = tempUrl(t)
  assert.ok(url.startsWith('sqlite:///'))
  const ws = fd.open(url, 'acme', { ...fd.reopenOnReply(), companyName: 'Acme' })
  assert.ok(ws instanceof fd.Workspace)
  const { grace, ana, c } = seed(ws)
  const before = view(ws, ana, c)
  assert.equal(before.tiles.assignedToMe, 1)
  assert.deepEqual(before.assignees, [ana])
  ws.closeStore()
  ws.closeStore() // twice is harmless

  const again = fd.open(url, 'acme')
  assert.deepEqual(view(again, ana, c), before)
  assert.equal(again.config().companyName, 'Acme')
  assert.equal(again.user(grace).name, 'Grace')
  assert.equal(again.addUser('system', T, { name: 'Bo', email: 'bo@acme.com', role: 'agent' }).value, ana + 1)
  again.closeStore()
})

test('a bad URL is invalid_value', () => {
  for (const bad of ['mysql://localhost/x', 'sqlite://', 'inbox.db', '']) {
    assert.throws(() => fd.open(bad, 'acme'), (e) => e.code === 'invalid_value', bad)
  }
})

test('refresh sees another handle\'s commit', (t) => {
  const url = tempUrl(t)
  const a = fd.open(url, 'acme')
  const b = fd.open(url, 'acme')
  const { ana, c } = seed(a)
  assert.equal(b.conversationCount('system'), 0) // reads are served from memory
  assert.equal(b.refresh(), true)
  assert.equal(b.refresh(), false)
  assert.deepEqual(b.conversation(ana, c).assignees, [ana])
  // A command catches up first: b's message lands in the same conversation.
  b.receiveMessage('system', T, { channel: 'whatsapp', handle: '+1 234 567 890', body: 'again' })
  assert.equal(a.refresh(), true)
  assert.deepEqual(a.transcript(ana, c).entries.map((e) => e.body), ['hi', 'again'])
})

test('an in-memory workspace has nothing to refresh or close', () => {
  const ws = new fd.Workspace()
  seed(ws)
  assert.equal(ws.refresh(), false)
  ws.closeStore()
  assert.equal(ws.conversationCount('system'), 1)
})

test('a closed store throws storage_unavailable', (t) => {
  const ws = fd.open(tempUrl(t), 'acme')
  seed(ws)
  ws.closeStore()
  for (const call of [() => ws.conversationCount('system'), () => ws.refresh(), () => ws.tick(T)]) {
    assert.throws(call, (e) => e.code === 'storage_unavailable' && e.message.startsWith('[storage]'))
  }
})
