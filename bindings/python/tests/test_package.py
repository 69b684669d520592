"""The package as users meet it: the README's example runs as written."""

import os
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_example_runs(tmp_path: Path) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), re.S)
    assert len(blocks) == 1, "the package README has one Python example"
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        namespace: dict = {}
        exec(compile(blocks[0], str(README), "exec"), namespace)
    finally:
        os.chdir(cwd)
    assert (tmp_path / "inbox.db").exists()
    assert namespace["delivered"].conversation == 1
