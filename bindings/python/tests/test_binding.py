"""The Python binding's own promises: idiomatic values, clear errors for bad
input from Python, thread safety, the batch call and the operations list."""

import threading
from datetime import datetime, timedelta, timezone

import pytest

import frontdesk as fd
from operations import operations

T = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def ws():
    w = fd.Workspace(fd.WorkspaceConfig.reopen_on_reply("Acme"))
    w.add_user(fd.SYSTEM, "Grace", "grace@acme.com", fd.Role.ADMIN, now=T)
    w.add_user(fd.SYSTEM, "Ana", "ana@acme.com", fd.Role.AGENT, now=T, availability=fd.Availability.ONLINE)
    w.receive_message(fd.SYSTEM, now=T, channel=fd.Channel.WHATSAPP, handle="+1 234 567 890", body="hi")
    return w


def test_every_listed_operation_exists_on_the_python_workspace():
    for op, name in operations("operations").items():
        if isinstance(name, str):
            assert hasattr(fd.Workspace, name), f"{op}: Workspace.{name} is missing"
        else:
            assert name["reason"]


def test_values_are_read_only_with_enums_and_aware_datetimes(ws):
    c = ws.conversation(fd.SYSTEM, 1)
    assert c.status is fd.Status.OPEN and c.status == "open"
    assert c.created_at == T and c.created_at.tzinfo is not None
    assert "Conversation(id=1" in repr(c)
    with pytest.raises(AttributeError):
        c.status = fd.Status.PENDING  # type: ignore[misc]
    assert list(fd.Status) == [fd.Status.OPEN, fd.Status.PENDING, fd.Status.RESOLVED, fd.Status.ARCHIVED]
    assert ws.next_due() == T + timedelta(hours=1)


def test_errors_are_family_classes_with_a_stable_code(ws):
    with pytest.raises(fd.NotFoundError) as e:
        ws.conversation(2, 99)
    assert e.value.code == "not_found" and isinstance(e.value, fd.FrontdeskError)
    with pytest.raises(fd.ForbiddenError):
        ws.delete_conversation(2, 1, now=T)
    inv = ws.send_invoice(2, 1, now=T, kind="invoice", amount_minor=100, currency="EUR", description="x").value
    with pytest.raises(fd.InvariantError) as e:
        ws.close(1, 1, now=T)
    assert e.value.code == "unpaid_invoice"
    ws.mark_invoice_paid(fd.SYSTEM, inv, now=T)
    with pytest.raises(fd.InvalidInputError) as e:
        ws.set_status(1, 1, "closedd", now=T)
    assert e.value.code == "invalid_value"
    assert set(fd.error_codes()) >= {"not_found", "unpaid_invoice"}


@pytest.mark.parametrize(
    "call, exc",
    [
        (lambda w: w.close(None, 1, now=T), TypeError),
        (lambda w: w.close("root", 1, now=T), ValueError),
        (lambda w: w.close(1, None, now=T), TypeError),
        (lambda w: w.close(1, "1", now=T), TypeError),
        (lambda w: w.close(1, True, now=T), TypeError),
        (lambda w: w.close(1, 1.5, now=T), TypeError),
        (lambda w: w.close(1, float("nan"), now=T), TypeError),
        (lambda w: w.close(1, 2**64, now=T), ValueError),
        (lambda w: w.close(1, -1, now=T), ValueError),
        (lambda w: w.close(1, 1, now=datetime(2026, 3, 2)), ValueError),
        (lambda w: w.close(1, 1, now="2026-03-02T09:00:00Z"), TypeError),
        (lambda w: w.close(1, 1, now=None), TypeError),
        (lambda w: w.send_message(2, 1, "\ud800", now=T), UnicodeEncodeError),
        (lambda w: w.send_message(2, 1, None, now=T), TypeError),
        (lambda w: w.send_message(2, 1, "x" * 10_000_000, now=T), fd.InvalidInputError),
        (lambda w: w.assign(1, 1, "23", now=T), TypeError),
        (lambda w: w.assign(1, 1, [2**70], now=T), ValueError),
        (lambda w: w.set_visibility(1, 1, "nobody", now=T), ValueError),
        (lambda w: w.add_user(fd.SYSTEM, "x" * 1000, "a@b.co", "agent", now=T), fd.InvalidInputError),
        (lambda w: w.add_user(fd.SYSTEM, "X", "a@b.co", "superuser", now=T), fd.InvalidInputError),
        (lambda w: w.receive_messages(fd.SYSTEM, [{"channel": "sms"}], now=T), TypeError),
        (lambda w: w.receive_message(fd.SYSTEM, now=T, channel="sms", body="hi"), ValueError),
        (lambda w: fd.Workspace.from_json("{not json"), fd.InvalidInputError),
    ],
)
def test_bad_input_from_python_raises_a_clear_python_error_never_a_crash(ws, call, exc):
    before = ws.to_json()
    with pytest.raises(exc):
        call(ws)
    assert ws.to_json() == before


def test_a_workspace_is_shared_safely_between_threads(ws):
    def work(i):
        for j in range(200):
            ws.receive_message(fd.SYSTEM, now=T, channel="sms", handle=f"+1 555 {i:03d} {j:04d}", body="hi")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert ws.conversation_count(fd.SYSTEM) == 1 + 800


def test_the_batch_call_returns_one_result_per_message_in_order(ws):
    batch = [fd.Inbound(channel=fd.Channel.SMS, handle=f"+1 555 000 {i:04d}", body="hi") for i in range(100)]
    batch.insert(50, fd.Inbound(channel="sms", handle="not a number", body="hi"))
    results = ws.receive_messages(fd.SYSTEM, batch, now=T)
    assert len(results) == 101
    assert isinstance(results[50], fd.InvalidInputError) and results[50].code == "invalid_phone"
    assert all(isinstance(r, fd.Delivered) for i, r in enumerate(results) if i != 50)
    assert results[0].conversation == 2


def test_bulk_reports_each_conversation(ws):
    out = ws.bulk(1, [1, 99], fd.BulkAction.SET_PRIORITY, now=T, priority=fd.Priority.URGENT)
    assert out[0].error is None and out[1].error.code == "not_found"
    with pytest.raises(TypeError):
        ws.bulk(1, [1], "set_priority", now=T)


def test_a_snapshot_round_trips(ws):
    again = fd.Workspace.from_json(ws.to_json())
    assert again.to_json() == ws.to_json()
    assert again.config().company_name == "Acme"


def test_views_search_routing_and_templates_return_typed_values_and_errors_carry_spans():
    from datetime import datetime, timezone

    now = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    ws = fd.Workspace(fd.WorkspaceConfig.reopen_on_reply("Acme"))
    ana = ws.add_user(fd.SYSTEM, "Ana", "ana@acme.test", fd.Role.AGENT, now=now, availability=fd.Availability.ONLINE).value
    c = ws.receive_message(fd.SYSTEM, now=now, channel=fd.Channel.SMS, handle="+1 555 0100", body="refund please").value.conversation
    page = ws.view(ana, fd.View.TEAM_INBOX, now=now, limit=1)
    assert isinstance(page, fd.Page) and page.next is None
    row = page.rows[0]
    assert row.conversation == c and row.channel == fd.Channel.SMS and row.last_activity_at == now
    assert row.last_activity_at.tzinfo is not None
    assert ws.tiles(ana).unassigned == 1 and ws.unread_count(ana, c) == 1
    assert ws.search_ids(ana, "refund", now=now) == (c,)
    with pytest.raises(fd.QuerySyntaxError) as err:
        ws.search(ana, "status:pendng (refund", now=now)
    assert err.value.code == "query_syntax" and isinstance(err.value, fd.InvalidInputError)
    assert all(isinstance(d, fd.QueryDiagnostic) and d.span[0] <= d.span[1] for d in err.value.diagnostics)
    assert {d.code for d in err.value.diagnostics} >= {"invalid_value", "unbalanced_parenthesis"}
    ws.set_routing(fd.SYSTEM, [fd.RoutingStrategy.LOAD_BALANCING], now=now)
    decision = ws.explain_routing(fd.SYSTEM, c)
    assert decision.outcome == "assign" and decision.users == (ana,) and decision.strategy == fd.RoutingStrategy.LOAD_BALANCING
    assert ws.config().routing == (fd.RoutingStrategy.LOAD_BALANCING,)
    with pytest.raises(fd.TemplateSyntaxError) as bad:
        ws.add_template(fd.SYSTEM, "bad", "Hi {{}} and {{name", now=now)
    assert [d.span for d in bad.value.diagnostics][0] == (3, 7)
    ws.add_template(fd.SYSTEM, "order", "Order {{order_id}} for {{customer_name | \"you\"}}", now=now)
    with pytest.raises(fd.MissingVariablesError) as missing:
        ws.render_template(ana, c, "order", now=now)
    assert [(m.variable, m.span) for m in missing.value.missing] == [("order_id", (6, 18))]
    assert ws.render_template(ana, c, "order", now=now, values={"order_id": "A-1"}) == "Order A-1 for you"
    assert [m.name for m in ws.find_templates("/ord")] == ["order"]
    ws.set_priority_rules(fd.SYSTEM, {"rules": [{"id": "refunds", "condition": {"kind": "keywords_any", "keywords": ["refund"]}, "priority": "high"}]}, now=now)
    assert ws.explain_priority(fd.SYSTEM, c, now=now).priority == fd.Priority.HIGH
    ws.set_response_goals(fd.SYSTEM, fd.ResponseGoals(), now=now)
    assert ws.config().response_goals == fd.ResponseGoals()
