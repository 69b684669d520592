// Durable workspaces from Kotlin: openWorkspace on a SQLite file keeps every
// command, a second handle sees it after refresh(), a bad URL is invalid_value.
import dev.frontdesk.*
import dev.frontdesk.core.*
import java.io.File
import java.nio.file.Files
import java.time.Instant

val t: Instant = Instant.parse("2026-03-02T09:00:00Z")
val sys = Actor.System
val dir: File = Files.createTempDirectory("frontdesk-kt").toFile()
val url = "sqlite://" + File(dir, "inbox.db").absolutePath // sqlite:///tmp/...
assert(url.startsWith("sqlite:///"))

try {
    // Open, write a little, close.
    val ws = openWorkspace(url, "acme", reopenOnReply().copy(companyName = "Acme"))
    val grace = ws.addUser(sys, t, "Grace", "grace@acme.com", Role.ADMIN, Availability.ONLINE).id
    val ana = ws.addUser(sys, t, "Ana", "ana@acme.com", Role.AGENT, Availability.ONLINE).id
    val c = ws.receiveMessage(sys, t, Inbound(Channel.WHATSAPP, "hi", "+1 234 567 890", null, null)).delivered.conversation
    ws.takeOver(Actor.User(ana), t, c)
    val tiles = ws.tiles(Actor.User(ana))
    val conv = ws.conversation(Actor.User(ana), c)
    val bodies = ws.transcript(Actor.User(ana), c, Audience.TEAM).entries.map { it.body }
    assert(tiles.assignedToMe == 1uL && conv.assignees == listOf(ana) && bodies == listOf("hi"))
    ws.closeStore()
    ws.closeStore() // twice is harmless

    // Reopen: the same tiles and conversation; ids continue.
    val again = openWorkspace(url, "acme", null)
    assert(again.tiles(Actor.User(ana)) == tiles)
    val conv2 = again.conversation(Actor.User(ana), c)
    assert(conv2.status == conv.status && conv2.assignees == conv.assignees && conv2.aiMode == conv.aiMode)
    assert(again.transcript(Actor.User(ana), c, Audience.TEAM).entries.map { it.body } == bodies)
    assert(again.config().companyName == "Acme")
    assert(again.user(grace).name == "Grace")
    assert(again.addUser(sys, t, "Bo", "bo@acme.com", Role.AGENT, Availability.OFFLINE).id == ana + 1uL)

    // A second handle sees the first one's commit after refresh().
    val other = openWorkspace(url, "acme", null)
    again.receiveMessage(sys, t, Inbound(Channel.WHATSAPP, "again", "+1 234 567 890", null, null))
    assert(other.transcript(Actor.User(ana), c, Audience.TEAM).entries.size == 1) // reads come from memory
    assert(other.refresh())
    assert(!other.refresh())
    assert(other.transcript(Actor.User(ana), c, Audience.TEAM).entries.map { it.body } == listOf("hi", "again"))

    // A closed store refuses calls with storage_unavailable.
    again.closeStore()
    try {
        again.conversationCount(Actor.System)
        throw AssertionError("expected storage_unavailable")
    } catch (e: FrontdeskException.Storage) {
        assert(e.code == "storage_unavailable")
    }
    other.close() // AutoCloseable: releases the object and its connection

    // A bad URL is invalid_value.
    for (bad in listOf("mysql://localhost/x", "sqlite://", "inbox.db", "")) {
        try {
            openWorkspace(bad, "acme", null)
            throw AssertionError("expected invalid_value for $bad")
        } catch (e: FrontdeskException.InvalidInput) {
            assert(e.code == "invalid_value") { "$bad: ${e.code}" }
        }
    }

    // In memory: nothing to refresh or close.
    val mem = Workspace(reopenOnReply())
    assert(!mem.refresh())
    mem.closeStore()
    assert(mem.conversationCount(Actor.System) == 0uL)
    println("kotlin store: ok")
} finally {
    dir.deleteRecursively()
}
