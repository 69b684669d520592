// Type-checked with `tsc --noEmit`: TypeScript users get precise types.
import { Workspace, reopenOnReply, type Actor, type Conversation, type FrontdeskEvent, type Page, type RoutingDecision, type Status } from '../index.js'

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
