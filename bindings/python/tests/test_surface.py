"""Every value of the core's enums is a member of the Python enum of the same
name, and nothing else is: a variant added to the core fails here until
frontdesk._enums has it."""

from datetime import datetime, timezone

import frontdesk
from frontdesk import _enums
from frontdesk._frontdesk import _core_enums


def test_every_core_enum_value_is_a_python_enum_member_and_nothing_else() -> None:
    core = _core_enums()
    mirrored = {
        name: cls
        for name, cls in vars(_enums).items()
        if isinstance(cls, type) and issubclass(cls, _enums._StrEnum) and cls is not _enums._StrEnum
    }
    assert sorted(core) == sorted(mirrored)
    for name, values in core.items():
        assert [m.value for m in mirrored[name]] == values, name
        assert getattr(frontdesk, name) is mirrored[name]


def test_the_package_has_a_version() -> None:
    assert frontdesk.__version__.count(".") == 2



def test_set_user_routing_can_set_only_a_capacity() -> None:
    t = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    ws = frontdesk.Workspace()
    ana = ws.add_user(frontdesk.SYSTEM, "Ana", "ana@acme.com", frontdesk.Role.AGENT, now=t, skills=["es"]).value
    ws.set_user_routing(frontdesk.SYSTEM, ana, capacity=3, now=t)
    assert ws.user(ana).skills == ("es",) and ws.user(ana).capacity == 3
    ws.set_user_routing(frontdesk.SYSTEM, ana, ["en"], now=t)
    assert ws.user(ana).skills == ("en",) and ws.user(ana).capacity is None


def test_events_are_typed_frozen_values_that_compare_hash_pickle_and_print_as_python() -> None:
    import dataclasses
    import pickle

    from frontdesk import events

    t = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    ws = frontdesk.Workspace()
    r = ws.receive_message(frontdesk.SYSTEM, now=t, channel=frontdesk.Channel.SMS, handle="+34612345678", body="hi")
    assert [e.type for e in r.events][:2] == ["contact_created", "conversation_created"]
    created = r.events[1]
    assert isinstance(created, events.ConversationCreated) and created.type == "conversation_created"
    assert created.channel is frontdesk.Channel.SMS and created.origin is frontdesk.Origin.INBOUND
    assert created.conversation == r.value.conversation and created.continued_from is None
    again = events.ConversationCreated(
        conversation=created.conversation,
        contact=created.contact,
        channel=frontdesk.Channel.SMS,
        origin=frontdesk.Origin.INBOUND,
        continued_from=None,
    )
    assert again == created and hash(again) == hash(created)
    assert pickle.loads(pickle.dumps(r.events)) == r.events
    assert repr(created).startswith("ConversationCreated(type='conversation_created', conversation=")
    try:
        created.conversation = 9  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("events must be frozen")


def test_values_read_twice_are_equal_hash_alike_pickle_and_print_as_python() -> None:
    import pickle

    t = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    ws = frontdesk.Workspace()
    ana = ws.add_user(frontdesk.SYSTEM, "Ana", "ana@acme.com", frontdesk.Role.AGENT, now=t).value
    r = ws.receive_message(frontdesk.SYSTEM, now=t, channel=frontdesk.Channel.SMS, handle="+34612345678", body="hi")
    c = r.value.conversation
    ws.assign(frontdesk.SYSTEM, c, [ana], now=t)
    ws.add_contact_note(frontdesk.SYSTEM, r.value.contact, "VIP", now=t)
    for read in (
        lambda: ws.conversation(frontdesk.SYSTEM, c),
        lambda: ws.contact(frontdesk.SYSTEM, r.value.contact),
        lambda: ws.user(ana),
        lambda: ws.transcript(frontdesk.SYSTEM, c),
    ):
        first, second = read(), read()
        assert first == second and hash(first) == hash(second)
        assert pickle.loads(pickle.dumps(first)) == first
        assert first != object()
    conversation = ws.conversation(frontdesk.SYSTEM, c)
    ws.tag_conversation(frontdesk.SYSTEM, c, "later", now=t)
    assert ws.conversation(frontdesk.SYSTEM, c) != conversation
    contact = ws.contact(frontdesk.SYSTEM, r.value.contact)
    assert "phone='+34612345678'" in repr(contact) and "Some(" not in repr(contact)
    assert repr(r.value) == f"Delivered(conversation={c}, message={r.value.message}, contact={r.value.contact})"


def test_errors_pickle_with_their_code_and_details() -> None:
    import pickle

    t = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    ws = frontdesk.Workspace()
    for call in (lambda: ws.conversation(frontdesk.SYSTEM, 99), lambda: ws.search(frontdesk.SYSTEM, "status:(", now=t)):
        try:
            call()
        except frontdesk.FrontdeskError as e:
            back = pickle.loads(pickle.dumps(e))
            assert type(back) is type(e) and back.code == e.code and str(back) == str(e)
            assert getattr(back, "diagnostics", ()) == getattr(e, "diagnostics", ())
        else:
            raise AssertionError("expected a FrontdeskError")


def test_an_inbound_prints_as_python_compares_and_pickles() -> None:
    import pickle

    m = frontdesk.Inbound(channel=frontdesk.Channel.SMS, handle="+34612345678", body="hi")
    assert "handle='+34612345678'" in repr(m) and "contact=None" in repr(m) and "Some(" not in repr(m)
    assert pickle.loads(pickle.dumps(m)) == m and hash(m) == hash(pickle.loads(pickle.dumps(m)))
    assert m != frontdesk.Inbound(channel=frontdesk.Channel.SMS, handle="+34612345678", body="other")


def test_an_applied_compares_and_pickles_with_its_events() -> None:
    import pickle

    t = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    r = frontdesk.Workspace().receive_message(frontdesk.SYSTEM, now=t, channel="sms", handle="+15550001", body="hi")
    back = pickle.loads(pickle.dumps(r))
    assert back == r and back.value == r.value and back.events == r.events
    assert repr(r).startswith("Applied(value=Delivered(conversation=")


def test_contact_notes_are_typed_values() -> None:
    t = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    ws = frontdesk.Workspace()
    maria = ws.add_contact(frontdesk.SYSTEM, now=t, name="Maria").value
    ws.add_contact_note(frontdesk.SYSTEM, maria, "Prefers email", now=t)
    (note,) = ws.contact(frontdesk.SYSTEM, maria).notes
    assert isinstance(note, frontdesk.ContactNote)
    assert (note.author, note.at, note.text) == (None, t, "Prefers email")
