// The tour in Kotlin, in short: a support team's morning.
// bindings/uniffi/test.sh compiles the generated bindings and runs this script.
import dev.frontdesk.*
import dev.frontdesk.core.*
import java.time.Instant

fun at(minutes: Long): Instant = Instant.parse("2026-03-02T09:00:00Z").plusSeconds(minutes * 60)

val sys = Actor.System
val ws = Workspace(reopenOnReply().copy(companyName = "Acme Outdoor"))
val grace = Actor.User(ws.addUser(sys, at(0), "Grace", "grace@acme.test", Role.ADMIN, Availability.OFFLINE).id)
val sarah = Actor.User(ws.addUser(sys, at(0), "Sarah", "sarah@acme.test", Role.AGENT, Availability.ONLINE).id)
val tom = Actor.User(ws.addUser(sys, at(0), "Tom", "tom@acme.test", Role.AGENT, Availability.ONLINE).id)
ws.addContact(sys, at(0), "Maria Lopez", "+34 612 345 678", null)

// Maria writes on WhatsApp; the AI answers; Sarah takes over.
val c = ws.receiveMessage(sys, at(0), Inbound(Channel.WHATSAPP, "My tent pole snapped", "+34612345678", null, null)).delivered.conversation
ws.sendAiReply(sys, at(1), c, "Sorry to hear that! Could you send a photo?")
// Events are a sealed class: one case per kind, with typed fields.
for (e in ws.takeOver(sarah, at(11), c)) when (e) {
    is Event.TakenOver -> println("taken over by user ${e.by}")
    is Event.AiModeChanged -> println("AI mode ${e.from} -> ${e.to}")
    else -> println("event: ${e::class.simpleName}")
}
ws.sendMessage(sarah, at(12), c, "Hi Maria, I'm Sarah. A new pole is 24.99 EUR.", null)
val invoice = ws.sendInvoice(sarah, at(13), c, PaymentKind.INVOICE, 2499, "EUR", "Replacement tent pole").id
ws.addNote(sarah, at(14), c, "Warranty expired last month.")

// Closing with an unpaid invoice is refused; so is deletion by an agent.
try { ws.close(sarah, at(15), c) } catch (e: FrontdeskException.Invariant) { println("Sarah closes: refused [${e.code}] ${e.detail}") }
try { ws.deleteConversation(tom, at(15), c) } catch (e: FrontdeskException.Forbidden) { println("Tom deletes: refused [${e.code}] ${e.detail}") }

// Confidential from now on; Tom cannot see it.
ws.setVisibility(sarah, at(16), c, Visibility.Users(listOf((sarah as Actor.User).id)))
println("Tom can see it: ${ws.canSee(tom, c)}")

ws.markInvoicePaid(sys, at(30), invoice)
ws.close(sarah, at(32), c)
val conv = ws.conversation(grace, c)
println("conversation #$c: ${conv.status}, AI ${conv.aiMode}, assigned to ${conv.assignees}")
print(ws.exportText(grace, c, Audience.CUSTOMER))
