"""The full list of operations and their Python names, for the tests: every
public method of the core's ``impl Workspace`` blocks (section "operations")
and every public function and ``StoredWorkspace`` method of frontdesk-store
("store_operations"), under its Rust name unless bindings/operations.json
names another name or a reason (the same scan as bindings/operations.mjs and
crates/frontdesk-conformance/tests/operations.rs)."""

import json
import re
from pathlib import Path
from typing import Dict, List, Union

ROOT = Path(__file__).resolve().parents[3]


def _methods(text: str, type_name: str) -> List[str]:
    names = []
    for block in text.split(f"\nimpl {type_name} {{")[1:]:
        depth = 1
        for line in block.split("\n"):
            m = re.match(r" {4}pub fn ([a-z0-9_]+)", line) if depth == 1 else None
            if m:
                names.append(m.group(1))
            depth += line.count("{") - line.count("}")
            if depth <= 0:
                break
    return names


def operations(section: str = "operations") -> Dict[str, Union[str, Dict[str, str]]]:
    """``{op: python name or {"reason": ...}}`` for a section of operations.json."""
    exceptions = json.loads((ROOT / "bindings" / "operations.json").read_text())[section]
    if section == "operations":
        files = sorted((ROOT / "crates" / "frontdesk" / "src").rglob("*.rs"))
        ops = [op for f in files for op in _methods(f.read_text(), "Workspace")]
    else:
        text = (ROOT / "crates" / "frontdesk-store" / "src" / "lib.rs").read_text()
        ops = re.findall(r"^pub fn ([a-z0-9_]+)", text, re.M) + _methods(text, "StoredWorkspace")
    out: Dict[str, Union[str, Dict[str, str]]] = {}
    for op in ops:
        e = exceptions.get(op, {})
        out[op] = e if "reason" in e else e.get("python", op)
    return out
