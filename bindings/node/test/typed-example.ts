// Type-checked with `tsc --noEmit`: TypeScript users get precise types.
import { FrontdeskError, Workspace, reopenOnReply, type Actor, type Conversation, type FrontdeskEvent, type EventType, type AiMode, type Page, type RoutingDecision, type Status } from '../index.js'

const now = new Date('2026-03-02T09:00:00Z')
const ws = new Workspace({ ...reopenOnReply(), companyName: 'Acme' })
const system: Actor = 'system'
const ana: number = ws.addUser(system, now, { name: 'Ana', email: 'ana@acme.com', role: 'agent' }).value
const delivered = ws.receiveMessage(system, now, { channel: 'whatsapp', handle: '+1 234 567 890', body: 'hi' }).value
const events: FrontdeskEvent[] = ws.takeOver(ana, now, delivered.conversation).events
const c: Conversation = ws.conversation(ana, delivered.conversation)
const status: Status = c.status
const created: Date = c.createdAt
console.log(events.map((e) => e.type), status, created.toISOString())
// Events are a discriminated union on `type`: narrowing gives each its fields.
for (const e of events) {
  if (e.type === 'taken_over') {
    const by: number = e.by
    console.log(by)
  } else if (e.type === 'ai_mode_changed') {
    const to: AiMode = e.to
    const by: number | null = e.by
    console.log(to, by)
  } else if (e.type === 'visibility_changed' && e.visibility.kind === 'users') {
    const ids: number[] = e.visibility.users
    console.log(ids)
  }
}
const kinds: EventType[] = ['user_added', 'status_changed']
// @ts-expect-error: 'user_addedd' is not an event type
const typo: EventType = 'user_addedd'
const first: FrontdeskEvent = events[0]
if (first.type === 'user_added') {
  // @ts-expect-error: a 'user_added' event has no conversation
  console.log(first.conversation)
}
console.log(kinds, typo)
// @ts-expect-error: 'closedd' is not a Status
ws.setStatus(ana, now, c.id, 'closedd')
// @ts-expect-error: the actor is 'system' or a user id
ws.close('root', now, c.id)
const page: Page = ws.view(ana, now, 'team_inbox', { channel: 'whatsapp' }, { sort: 'priority', limit: 10 })
const seen: Date = page.rows[0].lastActivityAt
const decision: RoutingDecision = ws.explainRouting(system, c.id)
console.log(seen.toISOString(), decision.outcome === 'assign' ? decision.strategy : decision.reason)
// @ts-expect-error: 'inbox' is not a View
ws.view(ana, now, 'inbox')
// @ts-expect-error: 'fastest' is not a RoutingStrategy
ws.setRouting(system, now, ['fastest'])
// A core error is a FrontdeskError whose fields are typed.
try {
  ws.search(ana, now, 'status:pendng')
} catch (e) {
  if (e instanceof FrontdeskError && e.code === 'query_syntax') {
    const at: number | undefined = e.diagnostics?.[0]?.utf16Span?.start
    const fixes: string[] = (e.diagnostics?.[0]?.fixes ?? []).map((f) => f.replacement)
    console.log(e.family, at, fixes)
  }
}
