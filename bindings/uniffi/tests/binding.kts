// The Kotlin binding's own promises: errors are generated exception cases
// carrying the code; bad input from Kotlin gives an exception, never a crash.
import dev.frontdesk.*
import dev.frontdesk.core.*
import java.time.Instant

val t: Instant = Instant.parse("2026-03-02T09:00:00Z")
val sys = Actor.System
val ws = Workspace(reopenOnReply().copy(companyName = "Acme"))
val grace = ws.addUser(sys, t, "Grace", "grace@acme.com", Role.ADMIN, Availability.ONLINE).id
val ana = ws.addUser(sys, t, "Ana", "ana@acme.com", Role.AGENT, Availability.ONLINE).id
val c = ws.receiveMessage(sys, t, Inbound(Channel.WHATSAPP, "hi", "+1 234 567 890", null, null)).delivered.conversation

fun expectCode(code: String, block: () -> Unit) {
    try {
        block()
        throw AssertionError("expected $code")
    } catch (e: FrontdeskException) {
        val got = when (e) {
            is FrontdeskException.NotFound -> e.code
            is FrontdeskException.Forbidden -> e.code
            is FrontdeskException.Invariant -> e.code
            is FrontdeskException.InvalidInput -> e.code
            is FrontdeskException.Storage -> e.code
        }
        assert(got == code) { "expected $code, got $got: ${e.message}" }
    }
}

// Each family is its own case of the generated exception.
try { ws.deleteConversation(Actor.User(ana), t, c) } catch (e: FrontdeskException.Forbidden) { assert(e.code == "forbidden") }
ws.sendInvoice(Actor.User(ana), t, c, PaymentKind.INVOICE, 100, "EUR", "x")
try { ws.close(Actor.User(grace), t, c) } catch (e: FrontdeskException.Invariant) { assert(e.code == "unpaid_invoice") }
expectCode("not_found") { ws.conversation(Actor.User(ana), ULong.MAX_VALUE) }
expectCode("not_found") { ws.conversation(Actor.User(ULong.MAX_VALUE), c) }
expectCode("too_long") { ws.sendMessage(Actor.User(ana), t, c, "x".repeat(10_000_000), null) }
expectCode("empty_name") { ws.sendMessage(Actor.User(ana), t, c, "", null) }
expectCode("invalid_value") { parseStatus("closedd") }
expectCode("invalid_argument") { ws.receiveMessage(sys, t, Inbound(Channel.SMS, "hi", null, null, null)) }
expectCode("invalid_snapshot") { Workspace.fromJson("{not json") }
expectCode("invalid_argument") { Workspace(reopenOnReply().copy(pendingAfterSecs = -5)) }
// A lone surrogate cannot be encoded as UTF-8: the generated code throws a
// CharacterCodingException before anything crosses.
var encodingRefused = false
try { ws.sendMessage(Actor.User(ana), t, c, "broken \uD800 text", null) } catch (e: java.nio.charset.CharacterCodingException) { encodingRefused = true }
assert(encodingRefused)
// Instants the core cannot hold give an exception, not a crash.
var refused = false
try { ws.tick(Instant.MAX) } catch (e: Exception) { refused = true }
assert(refused || ws.conversationCount(Actor.System) == 1uL)
assert(ws.conversation(sys, c).createdAt == t)
assert(ws.nextDue() != null)
// The batch call: one result per message, in order.
val batch = (0 until 100).map { Inbound(Channel.SMS, "hi", "+1 555 000 %04d".format(it), null, null) }.toMutableList()
batch.add(50, Inbound(Channel.SMS, "hi", "not a number", null, null))
val results = ws.receiveMessages(sys, t, batch)
assert(results.size == 101 && results[50].errorCode == "invalid_phone" && results[0].delivered != null)
// Views, search, routing and templates: typed records, Instants, and the
// diagnostics InvalidInput carries for query_syntax / template_syntax / missing_variables.
val page = ws.view(Actor.User(ana), t, View.TEAM_INBOX, null, Sort.RECENT, 1u, null)
assert(page.rows.size == 1 && page.rows[0].lastActivityAt is Instant)
assert(ws.tiles(sys).teamInbox >= 1uL)
try { ws.search(Actor.User(ana), t, "status:pendng (hi", null, null, null); assert(false) } catch (e: FrontdeskException.InvalidInput) {
    assert(e.code == "query_syntax" && e.diagnostics.any { it.code == "invalid_value" && it.start == 7uL && it.utf16Start == 7uL })
}
ws.setRouting(sys, t, listOf(RoutingStrategy.LOAD_BALANCING))
assert(ws.config().routing == listOf(RoutingStrategy.LOAD_BALANCING))
val decision = ws.explainRouting(sys, c)
assert(decision.outcome is RoutingOutcome.NotRouted || decision.outcome is RoutingOutcome.Assign || decision.outcome is RoutingOutcome.Queue)
ws.addTemplate(sys, t, "order", "Order {{order_id}}", false)
try { ws.renderTemplate(Actor.User(ana), t, c, "order", emptyMap()); assert(false) } catch (e: FrontdeskException.InvalidInput) {
    assert(e.code == "missing_variables" && e.diagnostics.single().message == "order_id" && e.diagnostics.single().start == 6uL)
}
assert(ws.renderTemplate(Actor.User(ana), t, c, "order", mapOf("order_id" to "A-1")) == "Order A-1")
assert(ws.findTemplates("/ord", 5u).map { it.name } == listOf("order"))
println("kotlin binding tests passed")
