// The Node runner of the shared conformance scenarios: each step is
// interpreted by calling the idiomatic JavaScript API (camelCase methods,
// Date, thrown errors with a code); no JSON reaches the binding.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const fd = require('../index.js')
const dir = join(dirname(fileURLToPath(import.meta.url)), '../../../crates/frontdesk-conformance/scenarios')

// The event shapes index.d.ts declares (generated from the core's Event enum):
// every event a scenario produces must have exactly the declared keys, with
// values of the declared kind, so the TypeScript union cannot drift from the
// JSON that crosses.
function splitTop(text, sep) {
  const parts = []
  let depth = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    if ('{<('.includes(text[i])) depth++
    else if ('}>)'.includes(text[i])) depth--
    else if (depth === 0 && text.startsWith(sep, i)) {
      parts.push(text.slice(start, i).trim())
      start = i + sep.length
    }
  }
  return [...parts, text.slice(start).trim()]
}
const dts = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8')
const union = dts.slice(dts.indexOf('export type FrontdeskEvent =')).split('\n').slice(1)
const eventShapes = new Map()
for (const line of union) {
  if (!line.startsWith('  | { ')) break
  const fields = splitTop(line.slice(5, -2), '; ').map((f) => [f.slice(0, f.indexOf(':')), f.slice(f.indexOf(':') + 2)])
  eventShapes.set(fields[0][1].slice(1, -1), new Map(fields.slice(1)))
}
function matches(value, ts) {
  return splitTop(ts, ' | ').some((t) =>
    t === 'null' ? value === null
      : t === 'number' || t === 'boolean' || t === 'string' ? typeof value === t
        : t.startsWith('Array<') ? Array.isArray(value) && value.every((v) => matches(v, t.slice(6, -1)))
          : t.startsWith("'") ? value === t.slice(1, -1)
            : t.startsWith('{') ? value !== null && typeof value === 'object'
              : typeof value === 'string')
}
function checkEventShape(e) {
  const shape = eventShapes.get(e.type)
  assert.ok(shape, `event type ${e.type} is not in FrontdeskEvent`)
  assert.deepEqual(Object.keys(e).filter((k) => k !== 'type').sort(), [...shape.keys()].sort(), e.type)
  for (const [k, ts] of shape) assert.ok(matches(e[k], ts), `${e.type}.${k} = ${JSON.stringify(e[k])} is not ${ts}`)
}

class Runner {
  constructor(fixture, scenario) {
    this.epoch = new Date(fixture.epoch).getTime()
    const cfg = scenario.config ?? {}
    let config = cfg.preset === 'new_conversation_after_close' ? fd.newConversationAfterClose() : fd.reopenOnReply()
    config = { ...config, companyName: 'Acme' }
    if ('pending_after_secs' in cfg) config.pendingAfterSecs = cfg.pending_after_secs ?? undefined
    if ('utc_offset_minutes' in cfg) config.utcOffsetMinutes = cfg.utc_offset_minutes
    if ('pending_alert_after_secs' in cfg) config.pendingAlertAfterSecs = cfg.pending_alert_after_secs ?? undefined
    if ('ai_confidence_alert_below' in cfg) config.aiConfidenceAlertBelow = cfg.ai_confidence_alert_below
    this.ws = new fd.Workspace(config)
    this.ws.collectNotifications(true)
    this.vars = {}
    this.at = 0
  }
  resolve(v) {
    if (typeof v === 'string' && v.startsWith('$')) {
      if (!(v.slice(1) in this.vars)) throw new Error(`unknown variable ${v}`)
      return this.vars[v.slice(1)]
    }
    if (Array.isArray(v)) return v.map((x) => this.resolve(x))
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.resolve(x)]))
    return v
  }
  step(step) {
    if (step.at !== undefined) this.at = step.at
    const now = new Date(this.epoch + this.at * 60000)
    const actor = (step.as ?? 'system') === 'system' ? 'system' : this.resolve(step.as)
    const args = this.resolve(step.args ?? {})
    if (step.read) return this.checkRead(step, actor, now, args)
    let out
    try {
      if (step.do === 'bulk') {
        this.bulk(step, actor, now, args)
        return this.checkNotifications(step)
      }
      out = this.command(step.do, actor, now, args)
    } catch (e) {
      if (!(e instanceof Error) || typeof e.code !== 'string') throw e
      if (step.error !== e.code) throw new Error(`failed with ${e.code} (${e.message}), expected ${step.error}`)
      return this.checkNotifications(step)
    }
    this.checkNotifications(step)
    if (step.error) throw new Error(`succeeded, expected ${step.error}`)
    if (step.events) assert.deepEqual(out.events.map((e) => e.type), step.events)
    out.events.forEach(checkEventShape)
    if (step.save) this.vars[step.save] = out.value
  }
  checkNotifications(step) {
    const got = this.ws.takeNotifications().map((n) => {
      assert.ok(n.channels.length > 0)
      return [n.recipient, n.kind]
    })
    if (step.notifications) assert.deepEqual(got, this.resolve(step.notifications))
  }
  command(cmd, a, now, x) {
    const ws = this.ws
    const r = (res, value = res.value) => ({ events: res.events, value })
    const d = (res) => ({ events: res.events, value: res.value.conversation })
    switch (cmd) {
      case 'tick': return { events: ws.tick(now), value: null }
      case 'reload': this.ws = fd.Workspace.fromJson(ws.toJson()); this.ws.collectNotifications(true); return { events: [], value: null }
      case 'viewing': ws.viewing(a, now, x.conversation); return { events: [], value: null }
      case 'watch_views': ws.watchViews(a, x.views.map((view) => ({ view }))); return { events: [], value: null }
      case 'typing': ws.typing(a, now, x.conversation); return { events: [], value: null }
      case 'set_notification_channels': return r(ws.setNotificationChannels(a, now, x.user, x.kind, x.channels), null)
      case 'reset_notification_preferences': return r(ws.resetNotificationPreferences(a, now, x.user), null)
      case 'add_user': return r(ws.addUser(a, now, { name: x.name, email: x.email, role: x.role, availability: x.availability }))
      case 'add_team': return r(ws.addTeam(a, now, x.name, x.members))
      case 'add_contact': return r(ws.addContact(a, now, { name: x.name, phone: x.phone, email: x.email }))
      case 'remove_user': return r(ws.removeUser(a, now, x.user), null)
      case 'set_contact_routing': return r(ws.setContactRouting(a, now, x.contact, x.assignees, x.visibility), null)
      case 'receive_message': return d(ws.receiveMessage(a, now, { channel: x.channel, body: x.body, handle: x.handle, contact: x.contact, campaign: x.campaign }))
      case 'start_conversation': return d(ws.startConversation(a, now, x.contact, x.channel, x.body))
      case 'send_message': return d(ws.sendMessage(a, now, x.conversation, x.body, x.channel))
      case 'send_ai_reply': return d(ws.sendAiReply(a, now, x.conversation, x.body, { confidence: x.confidence, reasoning: x.reasoning, intent: x.intent }))
      case 'set_summary': return r(ws.setSummary(a, now, x.conversation, x.summary ?? null), null)
      case 'rate_satisfaction': return r(ws.rateSatisfaction(a, now, x.conversation, x.rating, x.comment ?? null), null)
      case 'send_auto_reply': return d(ws.sendAutoReply(a, now, x.conversation, x.body))
      case 'add_note': return r(ws.addNote(a, now, x.conversation, x.body))
      case 'send_internal_message': return d(ws.sendInternalMessage(a, now, x.to, x.body))
      case 'send_invoice': return r(ws.sendInvoice(a, now, x.conversation, { kind: x.kind, amountMinor: x.amount_minor, currency: x.currency, description: x.description }))
      case 'mark_invoice_paid': return r(ws.markInvoicePaid(a, now, x.invoice), null)
      case 'cancel_invoice': return r(ws.cancelInvoice(a, now, x.invoice), null)
      case 'assign': return r(ws.assign(a, now, x.conversation, x.users, x.note), null)
      case 'unassign': return r(ws.unassign(a, now, x.conversation, x.users), null)
      case 'transfer': return r(ws.transfer(a, now, x.conversation, x.to, x.note), null)
      case 'assign_team': return r(ws.assignTeam(a, now, x.conversation, x.team, x.note), undefined)
      case 'take_over': return r(ws.takeOver(a, now, x.conversation), null)
      case 'request_handoff': return r(ws.requestHandoff(a, now, x.conversation, x.reason), null)
      case 'resume_ai': return r(ws.resumeAi(a, now, x.conversation), null)
      case 'set_ai_mode': return r(ws.setAiMode(a, now, x.conversation, x.mode), null)
      case 'set_status': return r(ws.setStatus(a, now, x.conversation, x.status), null)
      case 'close': return r(ws.close(a, now, x.conversation), null)
      case 'reopen': return r(ws.reopen(a, now, x.conversation), null)
      case 'archive': return r(ws.archive(a, now, x.conversation), null)
      case 'delete_conversation': return r(ws.deleteConversation(a, now, x.conversation), null)
      case 'set_priority': return r(ws.setPriority(a, now, x.conversation, x.priority, x.reason), null)
      case 'clear_priority_pin': return r(ws.clearPriorityPin(a, now, x.conversation), null)
      case 'tag_conversation': return r(ws.tagConversation(a, now, x.conversation, x.tag), null)
      case 'set_visibility': return r(ws.setVisibility(a, now, x.conversation, x.visibility), null)
      case 'set_availability': return r(ws.setAvailability(a, now, x.user, x.availability), null)
      case 'set_user_routing': return r(ws.setUserRouting(a, now, x.user, x.skills, x.capacity ?? undefined), null)
      case 'set_routing': return r(ws.setRouting(a, now, x.chain), null)
      case 'set_team_routing': return r(ws.setTeamRouting(a, now, x.team, x.chain), null)
      case 'set_required_skills': return r(ws.setRequiredSkills(a, now, x.conversation, x.skills), null)
      case 'auto_assign': return r(ws.autoAssign(a, now, x.conversation))
      case 'set_priority_rules': return r(ws.setPriorityRules(a, now, JSON.stringify(x.rules)), null)
      case 'set_response_goals': return r(ws.setResponseGoals(a, now, x.goals === null ? null : { urgentSecs: x.goals.urgent_secs, highSecs: x.goals.high_secs, normalSecs: x.goals.normal_secs, lowSecs: x.goals.low_secs }), null)
      case 'record_ai_signals': return r(ws.recordAiSignals(a, now, x.conversation, x.sentiment, x.intent))
      case 'add_template': return r(ws.addTemplate(a, now, x.name, x.source, x.whatsapp_approved), null)
      case 'save_filter': return r(ws.saveFilter(a, now, { name: x.name, view: x.view ?? 'team_inbox', query: x.query, shared: x.shared, filters: { tag: x.tag } }))
      case 'rename_saved_filter': return r(ws.renameSavedFilter(a, now, x.filter, x.name), null)
      case 'delete_saved_filter': return r(ws.deleteSavedFilter(a, now, x.filter), null)
      case 'mark_read': return r(ws.markRead(a, now, x.conversation), null)
      case 'mark_unread': return r(ws.markUnread(a, now, x.conversation), null)
      default: throw new Error(`unknown command ${cmd}`)
    }
  }
  page(p) {
    const row = (r) => ({
      conversation: r.conversation, internal: r.internal, contact: r.contact ?? null, title: r.title, preview: r.preview,
      last_activity_at: Math.floor((r.lastActivityAt.getTime() - this.epoch) / 60000), channel: r.channel, unread: r.unread,
      unreplied: r.unreplied, status: r.status, priority: r.priority, assignees: r.assignees, ai_mode: r.aiMode,
    })
    return { ids: p.rows.map((r) => r.conversation), next: p.next ?? null, first: p.rows.length ? row(p.rows[0]) : null }
  }
  bulk(step, a, now, x) {
    const out = this.ws.bulk(a, now, x.conversations, { action: x.action, users: x.users, note: x.note, team: x.team, status: x.status, priority: x.priority, reason: x.reason })
    assert.deepEqual(out.map((o) => (o.error ? o.error.code : null)), step.results)
  }
  read(what, a, now, x) {
    const ws = this.ws
    const snake = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v ?? null]))
    const feedJson = (f) => {
      const ids = (rows) => rows.map((r) => r.row.conversation)
      return {
        reset: f.reset,
        gone: f.gone,
        tiles: f.tiles == null ? null : snake(f.tiles),
        views: f.views.map((v) => ({ view: v.view, entered: ids(v.entered), changed: ids(v.changed), left: v.left, count: v.count ?? null })),
      }
    }
    const paging = () => ({ sort: x.sort, limit: x.limit, after: x.after && typeof x.after === 'object' ? x.after.next ?? undefined : x.after })
    switch (what) {
      case 'explain_routing': {
        const d = ws.explainRouting(a, x.conversation)
        return { outcome: d.outcome, users: d.users, strategy: d.strategy ?? null, reason: d.reason }
      }
      case 'routing_queue': return ws.routingQueue(a)
      case 'view': {
        const filters = { mode: x.mode, campaign: x.campaign }
        return { ...this.page(ws.view(a, now, x.view, filters, paging())), count: ws.count(a, now, x.view, filters) }
      }
      case 'tiles': return snake(ws.tiles(a))
      case 'unread_count': return ws.unreadCount(a, x.conversation)
      case 'read_marker': return ws.readMarker(a, x.conversation)
      case 'search_ids': return ws.searchIds(a, now, x.query)
      case 'search_count': return ws.searchCount(a, now, x.query)
      case 'saved_filters': return ws.savedFilters(a, now).map((c) => {
        assert.deepEqual(ws.savedFilter(a, c.filter.id), c.filter)
        return { name: c.filter.name, count: c.count }
      })
      case 'search_text': return this.page(ws.search(a, now, x.query, paging()))
      case 'render_template': return ws.renderTemplate(a, now, x.conversation, x.name, x.values)
      case 'find_templates': return ws.findTemplates(x.query, x.limit).map((m) => m.name)
      case 'explain_priority': {
        const d = ws.explainPriority(a, now, x.conversation)
        return { priority: d.priority ?? null, fired: d.fired.map((f) => f.ruleId) }
      }
      case 'conversation_metrics': return snake(ws.conversationMetrics(a, x.conversation))
      case 'workspace_metrics': return snake(ws.workspaceMetrics(a, now))
      case 'agent_metrics': return snake(ws.agentMetrics(a, now, x.agent))
      case 'conversation': {
        const c = ws.conversation(a, x.conversation)
        return {
          status: c.status, priority: c.priority, priority_pinned: c.priorityPinned, ai_mode: c.aiMode, assignees: c.assignees,
          team: c.team ?? null, unreplied: c.unreplied, answered_by_ai: c.answeredByAi, channel: c.channel, origin: c.origin,
          continued_from: c.continuedFrom ?? null, contact: c.contact ?? null, visibility: c.visibility, tags: c.tags,
          messages: c.messages.length, message_channels: c.messages.map((m) => m.channel),
        }
      }
      case 'conversations': return ws.conversations(a).map((c) => c.id)
      case 'conversation_count': return ws.conversationCount(a)
      case 'customer_panel': {
        const p = ws.customerPanel(a, x.contact, x.beside ?? null)
        return {
          total_conversations: p.totalConversations, related: p.related,
          first_contact_at: p.firstContactAt ? Math.floor((p.firstContactAt.getTime() - this.epoch) / 60000) : null,
          notes: p.notes, tags: p.tags,
        }
      }
      case 'export_transcripts':
        return ws.exportTranscripts(a, x.conversations, x.audience).map((o) => ({
          conversation: o.conversation, error: o.error ? o.error.code : null, kinds: o.transcript ? o.transcript.entries.map((e) => e.kind) : null,
        }))
      case 'can_see': return ws.canSee(a, x.conversation)
      case 'transcript': {
        const t = ws.transcript(a, x.conversation, x.audience)
        return {
          kinds: t.entries.map((e) => e.kind), bodies: t.entries.map((e) => e.body), with: t.with,
          summary: t.summary ?? null, satisfaction: t.satisfaction ?? null,
          confidences: t.entries.map((e) => e.aiConfidence ?? null), intents: t.entries.map((e) => e.aiIntent ?? null),
        }
      }
      case 'contact': {
        const c = ws.contact(a, x.contact)
        return { name: c.name ?? null, phone: c.phone ?? null, email: c.email ?? null, current_conversation: c.currentConversation ?? null }
      }
      case 'find_contact': return ws.findContact(x.channel, x.handle) ?? null
      case 'next_due': { const due = ws.nextDue(); return due ? Math.floor((due.getTime() - this.epoch) / 60000) : null }
      case 'user': { const u = ws.user(x.user); return { removed: u.removed, name: u.name } }
      case 'notification_preferences': return Object.fromEntries(ws.notificationPreferences(a, x.user).map((s) => [s.kind, s.channels]))
      case 'feed': return feedJson(ws.takeFeed(a))
      case 'feed_groups': return ws.takeFeedGroups().map((g) => ({ viewers: g.viewers, tiles: g.tiles.map((t) => (t == null ? null : snake(t))), feed: feedJson(g.feed) }))
      case 'present': return ws.present(a, now, x.conversation).map((p) => ({ user: p.user, typing: p.typing }))
      default: throw new Error(`unknown read ${what}`)
    }
  }
  checkRead(step, a, now, x) {
    let got
    try {
      got = this.read(step.read, a, now, x)
    } catch (e) {
      if (typeof e.code !== 'string' || step.error !== e.code) throw new Error(`read failed with ${e.code} (${e.message}), expected ${step.error}`)
      return
    }
    if (step.error) throw new Error(`read succeeded, expected ${step.error}`)
    match(got, this.resolve(step.expect ?? null), 'value')
    if (step.save) this.vars[step.save] = got
  }
}

function match(got, expected, path) {
  if (expected && typeof expected === 'object' && !Array.isArray(expected)) {
    for (const [k, v] of Object.entries(expected)) match(got?.[k] ?? null, v, `${path}.${k}`)
  } else {
    assert.deepEqual(got, expected, path)
  }
}

test('every conformance scenario passes through the Node API', () => {
  const fixture = JSON.parse(readFileSync(join(dir, 'fixture.json'), 'utf8'))
  let total = 0
  const failures = []
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'fixture.json').sort()) {
    for (const scenario of JSON.parse(readFileSync(join(dir, file), 'utf8')).scenarios) {
      total += 1
      const runner = new Runner(fixture, scenario)
      const steps = [...fixture.steps, ...scenario.steps]
      for (let i = 0; i < steps.length; i++) {
        try {
          runner.step(steps[i])
        } catch (e) {
          failures.push(`${file} / ${scenario.name}: step ${i} ${JSON.stringify(steps[i]).slice(0, 200)}: ${e.message}`)
          break
        }
      }
    }
  }
  console.log(`conformance: ${total - failures.length}/${total} scenarios passed (node)`)
  assert.ok(total >= 60)
  assert.deepEqual(failures, [])
})
