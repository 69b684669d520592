// Every Workspace operation from Kotlin, each called at least once with its
// typed result checked. bindings/uniffi/check-generated.mjs fails when an
// operation bindings/operations.json lists for Kotlin is not called here.
import dev.frontdesk.*
import dev.frontdesk.core.*
import java.nio.file.Files
import java.time.Instant

val t0: Instant = Instant.parse("2026-03-02T09:00:00Z")
fun at(minutes: Long): Instant = t0.plusSeconds(minutes * 60)
val sys = Actor.System

assert(errorCodes().contains("not_found"))
assert(newConversationAfterClose().closedPolicy == ClosedPolicy.NEW_CONVERSATION_AFTER_CLOSE)
val ws = Workspace(reopenOnReply().copy(companyName = "Acme"))
assert(ws.config().companyName == "Acme" && ws.closedPolicy() == ClosedPolicy.REOPEN_ON_REPLY)
ws.collectNotifications(true)

// People and teams.
val graceId = ws.addUser(sys, at(0), "Grace", "grace@acme.test", Role.ADMIN, Availability.ONLINE).id
val anaId = ws.addUser(sys, at(0), "Ana", "ana@acme.test", Role.AGENT, Availability.ONLINE).id
val benId = ws.addUser(sys, at(0), "Ben", "ben@acme.test", Role.AGENT, Availability.OFFLINE).id
val grace = Actor.User(graceId)
val ana = Actor.User(anaId)
val ben = Actor.User(benId)
assert(ws.userByEmail("ana@acme.test") == anaId && ws.users() == listOf(graceId, anaId, benId))
assert(ws.setAvailability(grace, at(1), benId, Availability.ONLINE).any { it is Event.AvailabilityChanged && it.user == benId })
ws.setUserRouting(grace, at(1), anaId, listOf("billing"), 4u)
ws.setUserCapacity(grace, at(1), anaId, 5u)
val team = ws.addTeam(grace, at(1), "Support", listOf(anaId)).id
ws.setTeamMembers(grace, at(1), team, listOf(anaId, benId))
assert(ws.team(team).members == listOf(anaId, benId) && ws.teams() == listOf(team))
ws.user(anaId).let { assert(it.skills == listOf("billing") && it.capacity == 5u && it.teams == listOf(team) && !it.removed) }
ws.setNotificationChannels(grace, at(1), anaId, "assigned_to_you", listOf("in_app"))
assert(ws.notificationPreferences(ana, anaId).first { it.kind == "assigned_to_you" }.channels == listOf("in_app"))
assert(ws.user(anaId).notifications?.get(AlertKind.ASSIGNED_TO_YOU) == listOf(DeliveryChannel.IN_APP))
ws.resetNotificationPreferences(grace, at(1), anaId)
assert(ws.user(anaId).notifications == null)

// A contact with its full record: tags, notes, identities, routing.
val maria = ws.addContact(sys, at(2), "Maria", "+34 612 345 678", null).id
ws.updateContact(sys, at(2), maria, null, null, "maria@example.com")
ws.addContactIdentity(sys, at(2), maria, Channel.EMAIL, "maria.work@example.com")
ws.addContactNote(grace, at(2), maria, "Prefers email")
ws.tagContact(grace, at(2), maria, "vip")
ws.setContactRouting(grace, at(2), maria, listOf(anaId), Visibility.Everyone)
ws.contact(grace, maria).let {
    assert(it.tags == listOf("vip") && it.notes.map { n -> n.text } == listOf("Prefers email") && it.email == "maria@example.com")
    assert(it.routing.assignees == listOf(anaId) && it.identities.any { i -> i.channel == Channel.EMAIL })
}
assert(ws.contacts(grace) == listOf(maria) && ws.findContact(Channel.EMAIL, "maria.work@example.com") == maria)

// A conversation through its life.
val first = ws.receiveMessage(sys, at(3), Inbound(Channel.WHATSAPP, "My order 123 is late", "+34 612 345 678", null, "spring"))
val c = first.delivered.conversation
assert(first.delivered.contact == maria && first.events.any { it is Event.ConversationCreated && it.origin == Origin.INBOUND })
val batch = ws.receiveMessages(sys, at(3), listOf(Inbound(Channel.SMS, "hi", "+1 555 000 0001", null, null)))
val other = batch.single().delivered!!.conversation
ws.sendAiReply(sys, at(4), c, "Let me check.")
ws.sendAiReplyWith(sys, at(4), c, "It ships tomorrow.", AiReplySignals(80u, "tracking says so", "order_status"))
ws.sendAutoReply(sys, at(4), c, "We reply within an hour.")
ws.sendSystemMessage(sys, at(4), c, "Routed to support.")
ws.setSummary(sys, at(4), c, "Late order")
assert(ws.requestHandoff(sys, at(5), c, "asked for a human").any { it is Event.AiHandoffRequested })
assert(ws.takeOver(ana, at(5), c).any { it is Event.TakenOver && it.by == anaId })
ws.sendMessage(ana, at(5), c, "Hi Maria, Ana here.", null)
ws.resumeAi(ana, at(6), c)
assert(ws.setAiMode(ana, at(6), c, AiMode.MANUAL).any { it is Event.AiModeChanged && it.to == AiMode.MANUAL })
assert(ws.addNote(ana, at(6), c, "Carrier delay").id > 0uL)
ws.watchViews(ana, listOf(WatchedView(View.TEAM_INBOX, Sort.RECENT)))
ws.viewing(ben, at(6), c)
ws.typing(grace, at(6), c)
assert(ws.present(ana, at(6), c).map { it.user }.containsAll(listOf(benId, graceId)))
assert(ws.takeFeed(ana).views.single { it.view == View.TEAM_INBOX }.count != null)
ws.watchViews(ben, listOf(WatchedView(View.TEAM_INBOX, Sort.RECENT)))
assert(ws.takeFeedGroups().single().viewers == listOf(benId))
assert(ws.takeFeedGroups().isEmpty())
ws.assign(grace, at(7), c, listOf(benId), "second pair of eyes")
ws.unassign(grace, at(7), c, listOf(benId))
ws.transfer(grace, at(7), c, listOf(anaId), null)
ws.assignTeam(grace, at(7), other, team, null).let { assert(it.events.any { e -> e is Event.TeamAssigned }) }
assert(ws.setPriority(ana, at(8), c, Priority.HIGH, "late order").any { it is Event.PriorityChanged && it.pinned })
ws.clearPriorityPin(ana, at(8), c)
ws.tagConversation(ana, at(8), c, "shipping")
ws.untagConversation(ana, at(8), c, "shipping")
ws.tagConversation(ana, at(8), c, "orders")
ws.setVisibility(grace, at(8), c, Visibility.Users(listOf(anaId)))
assert(!ws.canSee(ben, c) && ws.canSee(ana, c))
ws.setVisibility(grace, at(8), c, Visibility.Everyone)

// Routing and priority.
ws.setRequiredSkills(grace, at(8), other, listOf("billing"))
ws.setRouting(grace, at(8), listOf(RoutingStrategy.SKILL_BASED, RoutingStrategy.LOAD_BALANCING))
ws.setTeamRouting(grace, at(8), team, listOf(RoutingStrategy.ROUND_ROBIN))
ws.autoAssign(grace, at(8), c).let { assert(it.decision.conversation == c) }
assert(ws.explainRouting(grace, c).conversation == c)
assert(ws.routingQueue(grace).all { it != c })
ws.setPriorityRules(grace, at(9), """{"rules": []}""")
ws.setResponseGoals(grace, at(9), ResponseGoals(60, 600, 3600, 86400))
ws.recordAiSignals(sys, at(9), c, -0.5f, "complaint").let { assert(it.decision.fired.isEmpty()) }
assert(ws.explainPriority(grace, at(9), c).priority == null)

// Payments.
val invoice = ws.sendInvoice(ana, at(10), c, PaymentKind.INVOICE, 1000, "EUR", "Express shipping").id
assert(ws.conversation(ana, c).invoices.map { it.id to it.state } == listOf(invoice to PaymentState.UNPAID))
assert(ws.markInvoicePaid(sys, at(10), invoice).any { it is Event.InvoicePaid && it.invoice == invoice })
val checkout = ws.sendInvoice(ana, at(10), c, PaymentKind.CHECKOUT, 500, "EUR", "Gift wrap").id
assert(ws.cancelInvoice(sys, at(10), checkout).any { it is Event.InvoiceCancelled })

// Reads.
ws.markRead(ana, at(11), c)
assert(ws.unreadCount(ana, c) == 0u && ws.readMarker(ana, c) > 0u)
ws.markUnread(ana, at(11), c)
val conv = ws.conversation(ana, c)
assert(conv.tags == listOf("orders") && conv.summary == "Late order" && conv.kind == ConversationKind.Customer(maria))
assert(ws.conversations(grace).map { it.id }.containsAll(listOf(c, other)) && ws.conversationCount(grace) == 2uL)
assert(ws.transcript(ana, c, Audience.TEAM).entries.isNotEmpty())
assert(ws.exportTranscripts(ana, listOf(c), Audience.CUSTOMER).single().transcript != null)
assert(ws.exportJson(ana, c, Audience.CUSTOMER).startsWith("{") && ws.exportText(ana, c, Audience.TEAM).isNotEmpty())
ws.customerPanel(ana, maria, c).let { assert(it.contact.id == maria && it.tags == listOf("vip") && it.notes.single().text == "Prefers email") }
val filters = Filters(Channel.WHATSAPP, null, null, null, "orders", TimeRange.Today, null, "spring")
val page = ws.view(ana, at(11), View.TEAM_INBOX, filters, Sort.RECENT, 10u, null)
assert(page.rows.map { it.conversation } == listOf(c) && ws.count(ana, at(11), View.TEAM_INBOX, filters) == 1uL)
assert(ws.tiles(ana).teamInbox >= 1uL)
assert(ws.conversationMetrics(ana, c).messages > 0u)
assert(ws.workspaceMetrics(grace, at(11)).conversations == 2uL && ws.agentMetrics(grace, at(11), anaId).conversations >= 1uL)
assert(ws.search(ana, at(11), "tag:orders", null, null, null).rows.map { it.conversation } == listOf(c))
assert(ws.searchIds(ana, at(11), "tag:orders") == listOf(c) && ws.searchCount(ana, at(11), "tag:orders") == 1uL)
assert(ws.search(ana, at(11), "tag:orders", Sort.PRIORITY, 5u, null).rows.size == 1)
val filter = ws.saveFilter(ana, at(12), NewSavedFilter("Orders", "tag:orders", View.TEAM_INBOX, null, null, false)).id
ws.renameSavedFilter(ana, at(12), filter, "Order issues")
assert(ws.savedFilters(ana, at(12)).single().filter == ws.savedFilter(ana, filter) && ws.savedFilter(ana, filter).name == "Order issues")
ws.deleteSavedFilter(ana, at(12), filter)
assert(ws.sqlContext(anaId, at(12)).viewer == anaId)

// Templates.
ws.addTemplate(grace, at(13), "late", "Order {{order_id}} is late.", false)
ws.updateTemplate(grace, at(13), "late", "Order {{order_id}} ships soon.")
assert(ws.template("late").source == "Order {{order_id}} ships soon." && ws.templates().map { it.name } == listOf("late"))
assert(ws.findTemplates("la", 5u).map { it.name } == listOf("late"))
assert(ws.templateVariables("late").manual.map { it.key } == listOf("order_id"))
assert(ws.renderTemplate(ana, at(13), c, "late", mapOf("order_id" to "123")) == "Order 123 ships soon.")
ws.removeTemplate(grace, at(13), "late")

// Closing, bulk, time, internal chat, removal.
ws.setStatus(ana, at(14), c, Status.PENDING)
assert(ws.close(ana, at(14), c).any { it is Event.StatusChanged && it.to == Status.RESOLVED })
ws.rateSatisfaction(sys, at(14), c, 5u, "great")
ws.reopen(ana, at(15), c)
ws.close(ana, at(15), c)
ws.archive(ana, at(15), c)
assert(ws.bulk(grace, at(16), listOf(other), BulkAction.SetStatus(Status.RESOLVED)).single().errorCode == null)
ws.startConversation(ana, at(16), maria, Channel.EMAIL, "Following up")
ws.sendInternalMessage(ana, at(16), benId, "Lunch?")
ws.tick(at(60 * 24 * 8))
assert(ws.nextDue() == null || ws.nextDue()!!.isAfter(at(60 * 24 * 8)))
ws.takeNotifications().let { list -> assert(list.isNotEmpty() && list.all { it.channels.isNotEmpty() && it.reason.isNotEmpty() }) }
ws.deleteConversation(grace, at(17), other)
ws.removeUser(grace, at(17), benId)
assert(ws.user(benId).removed)
val copy = Workspace.fromJson(ws.toJson())
assert(copy.conversation(grace, c) == ws.conversation(grace, c))
assert(!ws.refresh())
ws.closeStore()

// The durable store: the same methods.
val db = Files.createTempDirectory("frontdesk-ops").resolve("ops.db")
openWorkspace("sqlite://$db", "ops", null).use { stored ->
    stored.addUser(sys, at(0), "Grace", "grace@acme.test", Role.ADMIN, Availability.ONLINE)
    assert(!stored.refresh() && stored.users().size == 1)
}
println("every operation ran")
