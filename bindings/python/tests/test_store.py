"""Durable workspaces from Python: frontdesk.open() on a SQLite file keeps
every command, a second handle sees it after refresh(), and two processes
writing to the same file at once lose nothing."""

import subprocess
import sys
import textwrap
from datetime import datetime, timezone

import pytest

import frontdesk as fd
from operations import operations

T = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def test_every_listed_store_operation_exists_in_python():
    for op, name in operations("store_operations").items():
        if isinstance(name, str):
            assert hasattr(fd.Workspace, name) or hasattr(fd, name), f"{op}: {name} is missing"
        else:
            assert name["reason"]


def url(tmp_path, name="inbox.db"):
    return f"sqlite://{tmp_path / name}"  # tmp_path is absolute: sqlite:///...


def seed(ws):
    """An admin, an agent and one customer conversation the agent took over."""
    grace = ws.add_user(fd.SYSTEM, "Grace", "grace@acme.com", fd.Role.ADMIN, now=T).value
    ana = ws.add_user(fd.SYSTEM, "Ana", "ana@acme.com", fd.Role.AGENT, now=T, availability="online").value
    d = ws.receive_message(fd.SYSTEM, now=T, channel=fd.Channel.WHATSAPP, handle="+1 234 567 890", body="hi").value
    ws.take_over(ana, d.conversation, now=T)
    return grace, ana, d.conversation


def view(ws, viewer, conversation):
    c = ws.conversation(viewer, conversation)
    return ws.tiles(viewer), c.status, c.assignees, c.ai_mode, [m.body for m in c.messages]


def test_commands_survive_closing_and_reopening(tmp_path):
    ws = fd.open(url(tmp_path), "acme", fd.WorkspaceConfig.reopen_on_reply("Acme"))
    assert str(tmp_path).startswith("/") and url(tmp_path).startswith("sqlite:///")
    grace, ana, c = seed(ws)
    before = view(ws, ana, c)
    assert before[0].assigned_to_me == 1 and before[2] == (ana,) and before[4] == ["hi"]
    ws.close_store()
    ws.close_store()  # twice is harmless

    again = fd.open(url(tmp_path), "acme")
    assert view(again, ana, c) == before
    assert again.config().company_name == "Acme"  # the config given at creation is kept
    assert again.user(grace).name == "Grace"
    # Ids continue where they stopped.
    assert again.add_user(fd.SYSTEM, "Bo", "bo@acme.com", "agent", now=T).value == ana + 1
    again.close_store()


def test_a_relative_sqlite_url_is_relative_to_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ws = fd.open("sqlite://relative.db", "acme")
    seed(ws)
    ws.close_store()
    assert (tmp_path / "relative.db").exists()
    assert fd.open("sqlite://relative.db", "acme").conversation_count(fd.SYSTEM) == 1


@pytest.mark.parametrize("bad", ["mysql://localhost/x", "sqlite://", "inbox.db", ""])
def test_a_bad_url_is_invalid_value(bad):
    with pytest.raises(fd.InvalidInputError) as e:
        fd.open(bad, "acme")
    assert e.value.code == "invalid_value"


def test_workspaces_are_separate_inside_one_file(tmp_path):
    a = fd.open(url(tmp_path), "acme")
    seed(a)
    b = fd.open(url(tmp_path), "globex")
    assert b.conversation_count(fd.SYSTEM) == 0 and a.conversation_count(fd.SYSTEM) == 1


def test_refresh_sees_another_handles_commit(tmp_path):
    a = fd.open(url(tmp_path), "acme")
    b = fd.open(url(tmp_path), "acme")
    _, ana, c = seed(a)
    assert b.conversation_count(fd.SYSTEM) == 0  # reads are served from memory
    assert b.refresh() is True
    assert b.refresh() is False
    assert b.conversation(ana, c).assignees == (ana,)
    # A command catches up first: b's message goes to the same conversation.
    b.receive_message(fd.SYSTEM, now=T, channel="whatsapp", handle="+1 234 567 890", body="again")
    assert a.refresh() is True
    assert [m.body for m in a.conversation(ana, c).messages] == ["hi", "again"]


def test_an_in_memory_workspace_has_nothing_to_refresh_or_close():
    ws = fd.Workspace()
    seed(ws)
    assert ws.refresh() is False
    ws.close_store()
    assert ws.conversation_count(fd.SYSTEM) == 1


def test_a_closed_store_refuses_calls_with_storage_unavailable(tmp_path):
    ws = fd.open(url(tmp_path), "acme")
    seed(ws)
    ws.close_store()
    for call in (lambda: ws.conversation_count(fd.SYSTEM), lambda: ws.refresh(), lambda: ws.tick(now=T)):
        with pytest.raises(fd.StorageError) as e:
            call()
        assert e.value.code == "storage_unavailable" and isinstance(e.value, fd.FrontdeskError)


def test_a_refused_command_writes_nothing(tmp_path):
    ws = fd.open(url(tmp_path), "acme")
    seed(ws)
    with pytest.raises(fd.NotFoundError):
        ws.take_over(2, 99, now=T)
    ws.close_store()
    assert fd.open(url(tmp_path), "acme").conversation_count(fd.SYSTEM) == 1


WRITER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timezone
    import frontdesk as fd

    url, who, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    ws = fd.open(url, "acme")
    print("ready", flush=True)
    sys.stdin.readline()  # wait until both processes are ready
    now = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    for i in range(n):
        ws.receive_message(
            fd.SYSTEM, now=now, channel="email", handle=f"{who}-{i}@customer.test", body=f"{who} message {i}"
        )
    ws.close_store()
    print("done", flush=True)
    """
)


def test_two_processes_receiving_at_once_keep_every_message_exactly_once(tmp_path):
    db = url(tmp_path)
    setup = fd.open(db, "acme")
    admin = setup.add_user(fd.SYSTEM, "Grace", "grace@acme.com", fd.Role.ADMIN, now=T).value
    setup.close_store()

    n = 100
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, db, who, str(n)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for who in ("left", "right")
    ]
    for p in procs:
        assert p.stdout.readline().strip() == "ready"
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        out, _ = p.communicate(timeout=120)
        assert p.returncode == 0 and out.strip() == "done"

    ws = fd.open(db, "acme")
    conversations = ws.conversations(admin)
    bodies = [m.body for c in conversations for m in c.messages]
    expected = [f"{who} message {i}" for who in ("left", "right") for i in range(n)]
    assert sorted(bodies) == sorted(expected)  # every message, none twice
    assert len(set(bodies)) == len(bodies) == 2 * n
    # One conversation and one contact per customer; no id handed out twice.
    assert sorted(c.id for c in conversations) == list(range(1, 2 * n + 1))
    assert len({c.contact for c in conversations}) == 2 * n
    assert len(ws.contacts(fd.SYSTEM)) == 2 * n
