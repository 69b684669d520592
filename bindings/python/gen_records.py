"""Writes python/frontdesk/_records.py: one frozen dataclass per core record the
package returns, its fields, types and docstrings read from the core's struct
(crates/frontdesk/src), and a builder that makes it from the core's serde form
(the native module serializes the core value and calls `_record(name, data)`);
and python/frontdesk/events.py the same way from the variants of the core's
`Event` enum, each class with a `type` discriminator (`_event(data)`).
A new core field or event appears by itself; a field type this file cannot
express stops it. `SHAPES` lists the few fields Python shows in another shape
(a tagged enum flattened into plain fields, a note reduced to its text).
`--check` fails when a committed file differs from what the core says (test.sh
runs it)."""

import keyword
import re
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple

HERE = Path(__file__).resolve().parent
CORE = HERE.parents[1] / "crates" / "frontdesk" / "src"
TARGET = HERE / "python" / "frontdesk" / "_records.py"
EVENTS = HERE / "python" / "frontdesk" / "events.py"

ENUMS = {"AiMode", "Audience", "Availability", "Channel", "Mode", "Origin", "PaymentKind", "PaymentState",
         "Priority", "Role", "RoutingStrategy", "Sort", "Status", "View"}
NAMES = {"String": "str", "bool": "bool", "f64": "float", "Cursor": "str", "AlertKind": "str",
         "DeliveryChannel": "str", "TemplateMatchKind": "str", "DiagnosticCode": "str", "Severity": "str",
         "TemplateErrorCode": "str", "SlaWarningKind": "str", "StatusCause": "str"}
VISIBILITY = 'Union[Literal["everyone"], Tuple[int, ...]]'

# (Python class, core struct, fields left out). Order: a record before its users.
RECORDS: List[Tuple[str, str, Tuple[str, ...]]] = [
    ("Delivered", "Delivered", ()),
    ("ReplyState", "ReplyState", ()),
    ("PriorityPin", "PriorityPin", ()),
    ("Attachment", "Attachment", ()),
    ("Message", "Message", ()),
    ("Invoice", "Invoice", ()),
    ("Conversation", "Conversation", ("required_skills", "awaiting_assignment", "sla_warned", "pending_alerted")),
    ("ContactNote", "ContactNote", ()),
    ("Contact", "Contact", ()),
    ("User", "User", ("notifications",)),
    ("Team", "Team", ("routing",)),
    ("TranscriptEntry", "TranscriptEntry", ()),
    ("Transcript", "Transcript", ()),
    ("CustomerPanel", "CustomerPanel", ()),
    ("Notification", "Notification", ()),
    ("Presence", "Presence", ()),
    ("ListRow", "ListRow", ()),
    ("Page", "Page", ()),
    ("Tiles", "Tiles", ()),
    ("ConversationMetrics", "ConversationMetrics", ()),
    ("InboxMetrics", "InboxMetrics", ()),
    ("RoutingDecision", "RoutingDecision", ()),
    ("FiredRule", "FiredRule", ()),
    ("PriorityDecision", "PriorityDecision", ()),
    ("SqlContext", "SqlContext", ()),
    ("SavedFilter", "SavedFilter", ()),
    ("SavedFilterCount", "SavedFilterCount", ()),
    ("FeedRow", "FeedRow", ()),
    ("TemplateMatch", "TemplateMatch", ()),
    ("VariableInfo", "VariableInfo", ()),
    ("TemplateVariables", "TemplateVariables", ()),
    ("QueryFix", "Fix", ("utf16_span",)),
    ("QueryDiagnostic", "Diagnostic", ()),
    ("TemplateDiagnostic", "TemplateDiagnostic", ()),
    ("MissingVariable", "MissingVariable", ()),
    ("FeedView", "FeedView", ()),
    ("Feed", "Feed", ()),
    ("FeedGroup", "FeedGroup", ()),
]

# Fields shown in another shape: core field -> [(Python field, annotation,
# expression over `v`, the field's serde value), ...] with the doc of each.
_AI = [("ai_confidence", "Optional[int]", '(v or {}).get("confidence")', "The AI's confidence in percent (AI replies only)."),
       ("ai_reasoning", "Optional[str]", '(v or {}).get("reasoning")', "Why the AI responded that way (AI replies only)."),
       ("ai_intent", "Optional[str]", '(v or {}).get("intent")', "The intent the AI detected (AI replies only).")]
_FILTER = [(n, f"Optional[{t}]", f'_opt(_member({t}))(v.get("{n}"))' if t != "str" else f'v.get("{n}")', f"The view filter `{n}`.")
           for n, t in [("channel", "Channel"), ("status", "Status"), ("priority", "Priority"), ("ai_mode", "AiMode"),
                        ("tag", "str")]]
SHAPES: Dict[Tuple[str, str], List[Tuple[str, str, str, str]]] = {
    ("VariableInfo", "variable"): [("key", "str", "_variable(v)", "The placeholder's name (``customer_name``, ``1``, ...).")],
    ("MissingVariable", "variable"): [("variable", "str", "_variable(v)", "The placeholder's name.")],
    ("Message", "kind"): [
        ("kind", "MessageKind", '_member(MessageKind)(v["kind"])', "The kind of message."),
        ("invoice", "Optional[int]", 'v.get("invoice")', "The invoice or checkout it carries."),
    ],
    ("Message", "ai"): _AI,
    ("TranscriptEntry", "ai"): _AI,
    ("Conversation", "kind"): [
        ("kind", "str", 'v["kind"]', '"customer" or "internal".'),
        ("contact", "Optional[int]", 'v.get("contact")', "The contact (customer conversations)."),
        ("participants", "Tuple[int, ...]", 'tuple(v.get("participants", ()))', "The users of an internal chat."),
    ],
    ("Conversation", "satisfaction"): [
        ("satisfaction", "Optional[int]", 'v and v["rating"]', "The customer's satisfaction rating, 1 to 5."),
        ("satisfaction_comment", "Optional[str]", 'v and v.get("comment")', "The customer's comment with their rating."),
    ],
    ("Contact", "identities"): [
        ("identities", "Tuple[Tuple[Channel, str], ...]", 'tuple((_member(Channel)(i["channel"]), i["handle"]) for i in v)',
         "The contact's addresses: (channel, handle) pairs."),
    ],
    ("Contact", "routing"): [
        ("routing_assignees", "Tuple[int, ...]", 'tuple(v["assignees"])', "Assignees of each new inbound conversation."),
        ("routing_visibility", VISIBILITY, '_visibility(v["visibility"])', "Visibility of each new conversation."),
    ],
    ("CustomerPanel", "related"): [
        ("related", "Tuple[int, ...]", 'tuple(r["conversation"] for r in v)',
         "The other conversations the viewer may see, newest first (ids)."),
    ],
    ("CustomerPanel", "notes"): [
        ("notes", "Tuple[str, ...]", 'tuple(n["text"] for n in v)', "The texts of the notes the viewer may see."),
    ],
    ("RoutingDecision", "outcome"): [
        ("outcome", "str", 'v["outcome"]', '"assign", "queue" or "not_routed".'),
        ("users", "Tuple[int, ...]", 'tuple(v.get("users", ()))', 'The users chosen ("assign" only).'),
        ("strategy", "Optional[RoutingStrategy]", '_opt(_member(RoutingStrategy))(v.get("strategy"))',
         'The strategy that chose them ("assign" only).'),
    ],
    ("SavedFilter", "filters"): _FILTER + [
        ("time_range", "Optional[Union[TimeRange, Tuple[datetime, datetime]]]", '_range(v.get("time"))',
         "A ``TimeRange`` or a ``(start, end)`` tuple."),
        ("mode", "Optional[Mode]", '_opt(_member(Mode))(v.get("mode"))', "The view filter `mode`."),
        ("campaign", "Optional[str]", 'v.get("campaign")', "The view filter `campaign`."),
    ],
}

PRELUDE = '''"""The values the workspace returns: frozen dataclasses, snapshots that do not
change when the workspace does; they compare and hash by value, pickle, and
print as Python. Times are aware ``datetime`` objects in UTC; durations are
whole milliseconds. Generated by bindings/python/gen_records.py from the
core's structs; do not edit."""

import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from typing import Any, Callable, Dict, Literal, Optional, Tuple, Type, TypeVar, Union

from ._enums import {enums}

_T = TypeVar("_T")


def _opt(conv: Callable[[Any], _T]) -> Callable[[Any], Optional[_T]]:
    return lambda value: None if value is None else conv(value)


def _tuple(conv: Callable[[Any], _T]) -> Callable[[Any], Tuple[_T, ...]]:
    return lambda value: tuple(conv(x) for x in value)


def _time_before_311(value: str) -> datetime:
    # Before 3.11, fromisoformat reads no "Z" and at most six fractional digits.
    head, _, frac = value.rstrip("Z").partition(".")
    t = datetime.fromisoformat(head).replace(tzinfo=timezone.utc)
    return t.replace(microsecond=int(frac[:6].ljust(6, "0"))) if frac else t


# Python 3.11+ reads the core's "...Z" form as is, in C.
_time: Callable[[str], datetime] = datetime.fromisoformat if sys.version_info >= (3, 11) else _time_before_311


def _member(cls: Type[Enum]) -> Callable[[Any], Any]:
    # The member by value, without Enum.__call__'s overhead.
    return cls._value2member_map_.__getitem__


def _visibility(value: Dict[str, Any]) -> {visibility}:
    return "everyone" if value["kind"] == "everyone" else tuple(value["users"])


def _author(value: Dict[str, Any]) -> Any:
    return int(value["user"]) if value["kind"] == "user" else str(value["kind"])


def _span(value: Dict[str, int]) -> Tuple[int, int]:
    return (value["start"], value["end"])


def _variable(value: Any) -> str:
    # A well-known name is a string; a custom or numbered one is {{"custom": "x"}} or {{"numbered": 1}}.
    return value if isinstance(value, str) else str(next(iter(value.values())))


def _range(value: Optional[Dict[str, Any]]) -> Optional[Union[TimeRange, Tuple[datetime, datetime]]]:
    if value is None:
        return None
    if value["range"] == "between":
        return (_time(value["from"]), _time(value["to"]))
    return TimeRange(value["range"])'''


def structs() -> Dict[str, Tuple[str, List[Tuple[str, str, str]]]]:
    """Every `pub struct Name { ... }` of the core: its doc and (field, type, doc)."""
    out: Dict[str, Tuple[str, List[Tuple[str, str, str]]]] = {}
    pattern = re.compile(r"((?:^///[^\n]*\n)*)(?:^#[^\n]*\n)*^pub struct (\w+) \{\n(.*?)^\}", re.M | re.S)
    for path in sorted(CORE.rglob("*.rs")):
        for m in pattern.finditer(path.read_text()):
            fields = []
            for f in re.finditer(r"((?:    ///[^\n]*\n)*)(?:    (?:#|//(?!/))[^\n]*\n)*    pub (\w+): ([^\n]+),\n", m.group(3)):
                fields.append((f.group(2), f.group(3), doc(f.group(1))))
            out.setdefault(m.group(2), (doc(m.group(1)), fields))
    return out


def doc(comment: str) -> str:
    lines = [line.strip()[4:] for line in comment.splitlines()]
    first = " ".join(lines[: lines.index("")] if "" in lines else lines)
    return re.sub(r"\[`([^`]+)`\](\([^)]*\))?", r"``\1``", first).replace('"""', "'''")


def inner(rust: str, wrapper: str) -> Optional[str]:
    return rust[len(wrapper) + 1 : -1] if rust.startswith(wrapper + "<") else None


def typed(rust: str, records: Dict[str, str]) -> Tuple[str, Optional[str]]:
    """The annotation of a core field type and the converter of its serde value (None: as is)."""
    rust = rust.split("::")[-1] if "<" not in rust else rust
    # Boxes only move a value to the heap; `Attachments` is a list of `Attachment` one pointer wide.
    boxed = inner(rust, "Box")
    if boxed is not None:
        return typed(boxed, records)
    if rust == "Attachments":
        return typed("Vec<Attachment>", records)
    if rust == "str":
        return "str", None
    for wrapper, annotate, wrap in (("Option", "Optional[{}]", "_opt({})"), ("Vec", "Tuple[{}, ...]", "_tuple({})")):
        of = inner(rust, wrapper)
        if of is not None:
            ann, conv = typed(of, records)
            return annotate.format(ann), wrap.format(conv) if conv else ("tuple" if wrapper == "Vec" else None)
    if rust.endswith("Id") or rust in ("u16", "u32", "u64", "i32", "i64", "usize"):
        return "int", None
    if rust == "Span":
        return "Tuple[int, int]", "_span"
    if rust == "DateTime<Utc>":
        return "datetime", "_time"
    if rust in ENUMS:
        return rust, f"_member({rust})"
    if rust in records:
        return records[rust], "_" + records[rust]
    if rust == "Visibility":
        return VISIBILITY, "_visibility"
    if rust == "Author":
        return 'Union[int, Literal["contact", "ai", "auto_responder", "system"]]', "_author"
    if rust in NAMES:
        return NAMES[rust], None
    raise SystemExit(f"gen_records.py: no Python type for the core field type {rust}")


def dataclass(name: str, sdoc: str, fields: List[Tuple[str, str, str]], records: Dict[str, str],
              convs: Dict[str, str], tag: Optional[str] = None) -> List[str]:
    """A frozen dataclass (with a `type` discriminator when `tag` is given) and
    its builder. The builder fills the instance's `__dict__` directly (a frozen
    dataclass's `__init__` sets each field through `object.__setattr__`,
    several times slower for values read by the thousand), with every
    conversion written inline (`expr`): values are read by the thousand, and
    each call through a small converter costs more than the work it does."""
    body, init, binds = [], [], []
    if tag:
        body.append(f'    type: Literal["{tag}"] = field(default="{tag}", init=False)')
    for fname, rust, fdoc in fields:
        source = f'd.get("{fname}")' if rust.startswith("Option<") else f'd["{fname}"]'
        shape = SHAPES.get((name, fname))
        pname = fname + "_" if keyword.iskeyword(fname) else fname
        # A Python keyword (`from`, `with`) gets a trailing underscore; the serde key stays.
        if shape:  # the field's serde value is read once, into a local the shapes' expressions use
            local = f"v{len(binds)}"
            binds.append(f"    {local} = {source}")
            parts = [(p, a, hoist(re.sub(r"\bv\b", local, e), convs), d) for p, a, e, d in shape]
        else:
            ann, conv = typed(rust, records)
            parts = [(pname, ann, expr(conv, source, convs, f"t{len(init)}"), fdoc)]
        for pname, ann, value, pdoc in parts:
            body += [f"    {pname}: {ann}", f'    """{pdoc}"""'] if pdoc else [f"    {pname}: {ann}"]
            init.append(f"{pname}={value},")
    out = ["", "", "@dataclass(frozen=True)", f"class {name}:", f'    """{sdoc}"""', "", *body]
    out += ["", "", f"def _{name}(d: Dict[str, Any]) -> {name}:", f"    o: {name} = object.__new__({name})", *binds]
    return out + ["    o.__dict__.update("] + [f"        {i}" for i in init] + ["    )", "    return o"]


def hoist(code: str, convs: Dict[str, str]) -> str:
    """`code` with each enum lookup (`_member(Status)`, `_opt(...)`) made once, at the end of the module."""
    return re.sub(r"_opt\((?:_member\(\w+\)|\w+)\)|_member\(\w+\)", lambda m: convs.setdefault(m.group(0), f"_c{len(convs)}"), code)


def expr(conv: Optional[str], source: str, convs: Dict[str, str], temp: str) -> str:
    """The inline expression converting `source` with the converter `typed` gave."""
    if conv is None:
        return source
    if conv == "tuple":
        return f"tuple({source})"
    if conv.startswith("_opt(") and conv.endswith(")"):
        return f"(None if ({temp} := {source}) is None else {expr(conv[5:-1], temp, convs, temp + 'x')})"
    if conv.startswith("_tuple(") and conv.endswith(")"):
        each = conv[7:-1]
        each = each if each.isidentifier() else convs.setdefault(each, f"_c{len(convs)}")
        return f"tuple(map({each}, {source}))"
    return f"{hoist(conv, convs)}({source})"


def converters(convs: Dict[str, str]) -> List[str]:
    return ["", ""] + [f"{name}: Callable[[Any], Any] = {conv}" for conv, name in convs.items()]


def render() -> str:
    core = structs()
    records = {struct: name for name, struct, _ in RECORDS}
    convs: Dict[str, str] = {}
    lines = PRELUDE.format(enums=", ".join(sorted(ENUMS | {"MessageKind", "TimeRange"})), visibility=VISIBILITY)
    out = [lines]
    for name, struct, skip in RECORDS:
        if struct not in core:
            raise SystemExit(f"gen_records.py: the core has no `pub struct {struct}`")
        sdoc, fields = core[struct]
        out += dataclass(name, sdoc, [f for f in fields if f[0] not in skip], records, convs)
    out += converters(convs)
    out += ["", "", "_BUILDERS: Dict[str, Callable[[Dict[str, Any]], Any]] = {"]
    out += [f'    "{name}": _{name},' for name, _, _ in RECORDS] + ["}", ""]
    out += ["", "def _record(name: str, data: Dict[str, Any]) -> Any:", "    return _BUILDERS[name](data)", ""]
    out += ["", "__all__ = ["] + [f'    "{name}",' for name, _, _ in RECORDS] + ["]", ""]
    return "\n".join(out)


def variants() -> List[Tuple[str, str, List[Tuple[str, str, str]]]]:
    """The variants of the core's `Event`: name, doc and (field, type, doc)."""
    text = (CORE / "event.rs").read_text()
    body = text[text.index("pub enum Event {") : text.index("\n}\n", text.index("pub enum Event {"))]
    out = []
    for m in re.finditer(r"((?:    ///[^\n]*\n)+)    (\w+)(?: \{\n(.*?)\n    \})?,", body, re.S):
        fields = re.findall(r"((?:        ///[^\n]*\n)+)        (\w+): ([^,]+),", m.group(3) or "")
        out.append((m.group(2), doc(m.group(1)), [(f, t, doc(d)) for d, f, t in fields]))
    if len(re.findall(r"^    [A-Z]\w*(?: \{|,)$", body, re.M)) != len(out):
        raise SystemExit("gen_records.py: could not read every Event variant")
    return out


def render_events() -> str:
    found = variants()
    out = [
        '"""The events a command caused: one frozen dataclass per kind, each with a',
        "``type`` discriminator. Generated by bindings/python/gen_records.py from the",
        'core\'s `Event` enum; do not edit."""',
        "",
        "from dataclasses import dataclass, field",
        "from typing import Any, Callable, Dict, Literal, Optional, Tuple, Union",
        "",
        f"from ._enums import {', '.join(sorted(ENUMS))}",
        "from ._records import _author, _member, _opt, _tuple, _visibility",
    ]
    tags = [(name, re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()) for name, _, _ in found]
    convs: Dict[str, str] = {}
    for (name, edoc, fields), (_, tag) in zip(found, tags):
        out += dataclass(name, edoc, fields, {}, convs, tag)
    out += converters(convs)
    out += ["", "", "Event = Union["] + [f"    {n}," for n, _ in tags] + ["]"]
    out += ['"""Any event; match on ``type`` (or ``isinstance``) to narrow it."""', ""]
    out += ["_KINDS: Dict[str, Callable[[Dict[str, Any]], Event]] = {"]
    out += [f'    "{tag}": _{name},' for name, tag in tags] + ["}", "", ""]
    out += ["def _event(data: Dict[str, Any]) -> Event:", '    return _KINDS[data["type"]](data)', "", ""]
    out += ["__all__ = [", '    "Event",'] + [f'    "{n}",' for n, _ in tags] + ["]", ""]
    return "\n".join(out)


if __name__ == "__main__":
    for target, text in ((TARGET, render()), (EVENTS, render_events())):
        if sys.argv[1:] != ["--check"]:
            target.write_text(text)
        elif target.read_text() != text:
            raise SystemExit(f"{target} is stale: run python bindings/python/gen_records.py")
