"""README.md stays true: the YAML reference matches the model; CI runs README's test command."""

from __future__ import annotations

import re
from pathlib import Path

from vitrina.model.reference import BEGIN, END, reference

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_yaml_reference_in_readme_is_current() -> None:
    start = README.index(BEGIN)
    stop = README.index(END) + len(END)
    assert README[start:stop] + "\n" == reference(), (
        "README's YAML reference is out of date: regenerate it with "
        "python -m vitrina.model.reference"
    )


def test_ci_runs_the_readme_test_command() -> None:
    commands = re.findall(r"^(make \w+)\s+#", README, flags=re.M)
    assert commands[:2] == ["make build", "make test"]
    ci = (REPO / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, flags=re.M)


def test_every_panel_kind_is_documented() -> None:
    for kind in ("story", "roster", "captions", "map", "timeline", "chart"):
        assert f"Panel kind `{kind}`" in README
