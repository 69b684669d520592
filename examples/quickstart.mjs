// The tour in JavaScript, in short: a support team's morning.
// Run with `node examples/quickstart.mjs` after building bindings/node.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { Workspace, reopenOnReply } = require('../bindings/node/index.js')

const at = (minutes) => new Date(Date.UTC(2026, 2, 2, 9, minutes))
const ws = new Workspace({ ...reopenOnReply(), companyName: 'Acme Outdoor' })
const grace = ws.addUser('system', at(0), { name: 'Grace', email: 'grace@acme.test', role: 'admin' }).value
const sarah = ws.addUser('system', at(0), { name: 'Sarah', email: 'sarah@acme.test', role: 'agent', availability: 'online' }).value
const tom = ws.addUser('system', at(0), { name: 'Tom', email: 'tom@acme.test', role: 'agent', availability: 'online' }).value
ws.addContact('system', at(0), { name: 'Maria Lopez', phone: '+34 612 345 678', segment: 'VIP' })

// Maria writes on WhatsApp; the AI answers; Sarah takes over.
const c = ws.receiveMessage('system', at(0), { channel: 'whatsapp', handle: '+34612345678', body: 'My tent pole snapped' }).value.conversation
ws.sendAiReply('system', at(1), c, 'Sorry to hear that! Could you send a photo?')
for (const event of ws.takeOver(sarah, at(11), c).events) console.log('event:', event.type)
ws.sendMessage(sarah, at(12), c, "Hi Maria, I'm Sarah. A new pole is 24.99 EUR.")
const invoice = ws.sendInvoice(sarah, at(13), c, { kind: 'invoice', amountMinor: 2499, currency: 'EUR', description: 'Replacement tent pole' }).value
ws.addNote(sarah, at(14), c, 'Warranty expired last month.')

// Closing with an unpaid invoice is refused; so is deletion by an agent.
for (const [who, attempt] of [['Sarah closes', () => ws.close(sarah, at(15), c)], ['Tom deletes', () => ws.deleteConversation(tom, at(15), c)]]) {
  try {
    attempt()
  } catch (e) {
    console.log(`${who}: refused [${e.code}] ${e.message}`)
  }
}

// Confidential from now on; Tom cannot see it.
ws.setVisibility(sarah, at(16), c, [sarah])
console.log('Tom can see it:', ws.canSee(tom, c))

ws.markInvoicePaid('system', at(30), invoice)
ws.close(sarah, at(32), c)
const conv = ws.conversation(grace, c)
console.log(`conversation #${c}: ${conv.status}, AI ${conv.aiMode}, assigned to ${conv.assignees}`)
console.log(ws.exportText(grace, c, 'customer'))
