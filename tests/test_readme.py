"""The README's analyst examples print what the README shows: pasted output may not go stale.

When the data changes, refresh the pasted output with `python tests/test_readme.py`.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys

from conftest import ROOT

# A ```python block followed directly by a plain ``` block holding what its last expression shows.
EXAMPLE = re.compile(r"```python\n(.*?)```\n```\n(.*?)```", re.S)
MODULE = "$ python -m south_asia_alignments\n"
REFRESH = "the README's pasted output is stale: run `python tests/test_readme.py` and commit README.md"


def _examples() -> list[tuple[str, str]]:
    return EXAMPLE.findall((ROOT / "README.md").read_text(encoding="utf-8"))


def _module_output() -> str:
    return subprocess.run([sys.executable, "-m", "south_asia_alignments"], capture_output=True, text=True,
                          check=True, cwd=ROOT).stdout


def _shown(code: str, namespace: dict) -> str:
    tree = ast.parse(code)
    last = tree.body.pop()
    exec(compile(tree, "README", "exec"), namespace)
    return str(eval(compile(ast.Expression(last.value), "README", "eval"), namespace))


def _tidy(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _run(examples: list[tuple[str, str]]) -> list[str]:
    """What each example shows, run in order (later examples use earlier names)."""
    import pandas as pd

    namespace: dict = {}
    with pd.option_context("display.width", 120, "display.max_columns", 30):  # not the terminal's
        return [_shown(code, namespace) for code, _ in examples]


def test_readme_examples_print_what_the_readme_shows() -> None:
    examples = _examples()
    assert len(examples) >= 2
    for (_, expected), got in zip(examples, _run(examples)):
        assert _tidy(got) == _tidy(expected), REFRESH


def test_readme_module_output_is_current() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    pasted = text.split(MODULE, 1)[1].split("```", 1)[0]
    assert _tidy(_module_output()) == _tidy(pasted), REFRESH


def refresh() -> None:
    """Rewrite the README's pasted output from the current data."""
    path = ROOT / "README.md"
    text = path.read_text(encoding="utf-8")
    shown = iter(_run(_examples()))
    text = EXAMPLE.sub(lambda m: f"```python\n{m.group(1)}```\n```\n{next(shown)}\n```", text)
    head, rest = text.split(MODULE, 1)
    text = head + MODULE + _module_output() + "```" + rest.split("```", 1)[1]
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    refresh()
