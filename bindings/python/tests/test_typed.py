"""Every Workspace operation once, written as a typed user would write it:
test.sh runs `mypy --strict` on this file, so the stub's result types
(`Applied[Delivered]`, typed events, value classes) are checked against use."""

from datetime import datetime, timedelta, timezone
from typing import List, Optional

import frontdesk as fd
from frontdesk import events

T = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
SYSTEM = fd.SYSTEM


def test_every_operation_with_typed_results() -> None:
    ws = fd.Workspace(fd.WorkspaceConfig.reopen_on_reply("Acme"))
    config: fd.WorkspaceConfig = ws.config()
    assert config.company_name == "Acme" and ws.closed_policy() is fd.ClosedPolicy.REOPEN_ON_REPLY
    # Directory.
    grace: int = ws.add_user(SYSTEM, "Grace", "grace@acme.com", fd.Role.ADMIN, now=T).value
    ana: int = ws.add_user(SYSTEM, "Ana", "ana@acme.com", fd.Role.AGENT, now=T, skills=["es"]).value
    ws.set_availability(SYSTEM, ana, fd.Availability.ONLINE, now=T)
    ws.set_user_routing(SYSTEM, ana, capacity=5, now=T)
    team: int = ws.add_team(SYSTEM, "Support", [grace, ana], now=T).value
    ws.set_team_members(SYSTEM, team, [ana], now=T)
    maria: int = ws.add_contact(SYSTEM, now=T, name="Maria", phone="+34612345678").value
    ws.update_contact(SYSTEM, maria, now=T, company="Camping SL")
    ws.add_contact_identity(SYSTEM, maria, fd.Channel.EMAIL, "maria@example.com", now=T)
    ws.add_contact_note(SYSTEM, maria, "Prefers email", now=T)
    ws.tag_contact(SYSTEM, maria, "vip", now=T)
    ws.set_contact_routing(SYSTEM, maria, now=T, assignees=[ana])
    # Messages.
    r: fd.Applied[fd.Delivered] = ws.receive_message(SYSTEM, now=T, channel=fd.Channel.WHATSAPP, contact=maria, body="hi")
    c = r.value.conversation
    created = [e for e in r.events if isinstance(e, events.ConversationCreated)]
    assert created and created[0].channel is fd.Channel.WHATSAPP
    batch = ws.receive_messages(SYSTEM, [fd.Inbound(channel=fd.Channel.SMS, handle="+15550001", body="yo")], now=T)
    assert isinstance(batch[0], fd.Delivered)
    ws.send_ai_reply(SYSTEM, c, "Hello!", now=T, confidence=80)
    ws.take_over(ana, c, now=T + timedelta(minutes=1))
    ws.send_message(ana, c, "Hi Maria", now=T + timedelta(minutes=2))
    ws.send_auto_reply(SYSTEM, c, "We are open 9-18", now=T)
    ws.send_system_message(SYSTEM, c, "Payment received", now=T)
    note: int = ws.add_note(ana, c, "Check warranty", now=T).value
    assert note > 0
    ws.send_internal_message(ana, grace, "Look at this one", now=T)
    other: int = ws.start_conversation(ana, maria, fd.Channel.EMAIL, "Follow-up", now=T).value.conversation
    invoice: int = ws.send_invoice(ana, c, now=T, kind=fd.PaymentKind.INVOICE, amount_minor=999, currency="EUR", description="Pole").value
    ws.mark_invoice_paid(SYSTEM, invoice, now=T)
    second: int = ws.send_invoice(ana, c, now=T, kind="checkout", amount_minor=5, currency="EUR", description="x").value
    ws.cancel_invoice(SYSTEM, second, now=T)
    ws.set_summary(SYSTEM, c, "Broken pole", now=T)
    ws.rate_satisfaction(SYSTEM, c, 5, "Great", now=T)
    # Assignment, AI, priority, tags, visibility, lifecycle.
    ws.assign(SYSTEM, c, [grace], "second opinion", now=T)
    ws.unassign(SYSTEM, c, [grace], now=T)
    ws.transfer(SYSTEM, c, [ana], now=T)
    chosen: Optional[int] = ws.assign_team(SYSTEM, other, team, now=T).value
    assert chosen in (None, ana)
    ws.set_ai_mode(SYSTEM, c, fd.AiMode.ACTIVE, now=T)
    ws.request_handoff(SYSTEM, c, "angry", now=T)
    ws.resume_ai(ana, c, now=T)
    ws.set_priority(ana, c, fd.Priority.HIGH, "VIP", now=T)
    ws.clear_priority_pin(ana, c, now=T)
    ws.tag_conversation(ana, c, "refund", now=T)
    ws.untag_conversation(ana, c, "refund", now=T)
    ws.set_visibility(SYSTEM, c, fd.EVERYONE, now=T)
    ws.set_status(ana, other, fd.Status.PENDING, now=T)
    ws.close(ana, other, now=T)
    ws.reopen(ana, other, now=T)
    ws.archive(ana, other, now=T)
    outcomes = ws.bulk(SYSTEM, [c], fd.BulkAction.SET_PRIORITY, now=T, priority=fd.Priority.URGENT)
    assert outcomes[0].conversation == c
    ticked: List[events.Event] = ws.tick(T + timedelta(days=30))
    assert all(e.type for e in ticked)
    # Notifications and presence.
    ws.collect_notifications(True)
    ws.set_notification_channels(SYSTEM, ana, "assigned_to_you", ["in_app"], now=T)
    assert "assigned_to_you" in ws.notification_preferences(SYSTEM, ana)
    ws.reset_notification_preferences(SYSTEM, ana, now=T)
    assert isinstance(ws.take_notifications(), list)
    later = T + timedelta(days=31)
    ws.viewing(ana, c, now=later)
    ws.typing(grace, c, now=later)
    assert [p.user for p in ws.present(ana, c, now=later)] == [grace]
    ws.watch_views(ana, [fd.View.TEAM_INBOX])
    feed: fd.Feed = ws.take_feed(ana)
    assert [v.view for v in feed.views] == [fd.View.TEAM_INBOX] and feed.views[0].count is not None
    ws.watch_views(grace, [fd.View.TEAM_INBOX])
    groups = ws.take_feed_groups()
    assert all(isinstance(g, fd.FeedGroup) and isinstance(g.feed, fd.Feed) for g in groups)
    assert [v for g in groups for v in g.viewers] == [grace] and groups[0].feed.viewer == grace
    assert ws.take_feed_groups() == []
    assert ws.next_due() is None or ws.next_due() is not None
    # Reads.
    conversation: fd.Conversation = ws.conversation(SYSTEM, c)
    assert conversation == ws.conversation(SYSTEM, c) and conversation.status in fd.Status
    assert c in [x.id for x in ws.conversations(SYSTEM)] and ws.can_see(ana, c)
    assert ws.conversation_count(SYSTEM) >= 2
    assert ws.user(ana).name == "Ana" and ws.user_by_email("ana@acme.com") is not None
    assert len(ws.users()) == 2 and ws.team(team).name == "Support" and len(ws.teams()) == 1
    assert ws.contact(SYSTEM, maria).name == "Maria" and len(ws.contacts(SYSTEM)) >= 1
    assert ws.find_contact(fd.Channel.EMAIL, "maria@example.com") == maria
    assert ws.transcript(SYSTEM, c, fd.Audience.CUSTOMER).conversation == c
    assert len(ws.export_transcripts(SYSTEM, [c, 999])) == 2
    assert ws.customer_panel(SYSTEM, maria, beside=c).contact.id == maria
    assert ws.export_json(SYSTEM, c).startswith("{") and "Maria" in ws.export_text(SYSTEM, c)
    ws.mark_read(ana, c, now=later)
    ws.mark_unread(ana, c, now=later)
    assert ws.unread_count(ana, c) >= 0 and ws.read_marker(ana, c) >= 0
    page = ws.view(ana, fd.View.TEAM_INBOX, now=later, sort=fd.Sort.RECENT, limit=10)
    assert ws.count(ana, fd.View.TEAM_INBOX, now=later) >= len(page.rows)
    assert ws.tiles(ana).team_inbox >= 0
    assert ws.conversation_metrics(SYSTEM, c).messages >= 1
    assert ws.workspace_metrics(SYSTEM, now=later).conversations >= 1
    assert ws.agent_metrics(SYSTEM, ana, now=later).conversations >= 0
    # Search and saved filters.
    found = ws.search(SYSTEM, "status:open", now=later)
    assert list(ws.search_ids(SYSTEM, "status:open", now=later)) == [row.conversation for row in found.rows]
    assert ws.search_count(SYSTEM, "status:open", now=later) == len(found.rows)
    saved: int = ws.save_filter(ana, "Mine", fd.View.MY_INBOX, now=later, query="vip").value
    ws.rename_saved_filter(ana, saved, "My VIPs", now=later)
    assert ws.saved_filter(ana, saved).name == "My VIPs" and len(ws.saved_filters(ana, now=later)) == 1
    ws.delete_saved_filter(ana, saved, now=later)
    assert ws.sql_context(ana, now=later).viewer == ana
    # Routing and priority.
    ws.set_routing(SYSTEM, [fd.RoutingStrategy.LOAD_BALANCING], now=later)
    ws.set_team_routing(SYSTEM, team, None, now=later)
    ws.set_required_skills(SYSTEM, c, ["es"], now=later)
    decision: fd.RoutingDecision = ws.auto_assign(SYSTEM, c, now=later).value
    assert decision == decision and ws.explain_routing(SYSTEM, c) is not None
    assert isinstance(ws.routing_queue(SYSTEM), tuple)
    ws.set_priority_rules(SYSTEM, {"rules": []}, now=later)
    ws.set_response_goals(SYSTEM, None, now=later)
    signals: fd.PriorityDecision = ws.record_ai_signals(SYSTEM, c, now=later, sentiment=-0.5).value
    assert signals.priority is None and signals.fired == () and ws.explain_priority(SYSTEM, c, now=later) is not None
    # Templates.
    ws.add_template(SYSTEM, "hello", "Hi {{customer_name}}", now=later)
    ws.update_template(SYSTEM, "hello", "Hello {{customer_name}}", now=later)
    assert ws.template("HELLO").name == "hello" and len(ws.templates()) == 1
    assert ws.find_templates("hel")[0].name == "hello" and ws.template_variables("hello") is not None
    assert ws.render_template(ana, c, "hello", now=later) == "Hello Maria"
    ws.remove_template(SYSTEM, "hello", now=later)
    # Admin, snapshots and the rest.
    ws.delete_conversation(SYSTEM, other, now=later)
    ws.remove_user(SYSTEM, ana, now=later)
    copy = fd.Workspace.from_json(ws.to_json())
    assert copy.conversation(SYSTEM, c) == ws.conversation(SYSTEM, c)
    assert not ws.refresh()
    ws.close_store()
    assert fd.normalize_phone("+34 612 345 678") == "+34612345678" and "not_found" in fd.error_codes()


def test_query_parse_compile_and_export_rows() -> None:
    ws = fd.Workspace()
    ana: int = ws.add_user(SYSTEM, "Ana", "ana@acme.com", fd.Role.ADMIN, now=T).value
    c = ws.receive_message(SYSTEM, now=T, channel=fd.Channel.SMS, handle="+15550001", body="refund please").value
    parsed = fd.query.parse("status:open (refund")
    assert parsed.query and parsed.diagnostics and parsed.diagnostics == parsed.errors + parsed.warnings
    assert fd.query.parse("status:open").diagnostics == ()
    compiled = fd.query.compile_sql("status:open", ws.sql_context(ana, now=T), "sqlite")
    assert compiled.sql.startswith("SELECT") and "?1" in compiled.sql and compiled.params
    assert "CREATE TABLE conversations" in fd.query.schema("sqlite")
    tables = {t.name: t for t in fd.query.export_rows(ws)}
    conversations = tables["conversations"]
    assert [row[conversations.columns.index("id")] for row in conversations.rows] == [c.conversation]
    try:
        fd.query.compile_sql("status:(", ws.sql_context(ana, now=T))
    except fd.QuerySyntaxError as e:
        assert e.code == "query_syntax" and e.diagnostics
    else:
        raise AssertionError("a broken query must not compile")
