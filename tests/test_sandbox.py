"""Layouts are code from whoever made the exhibition folder: they run sandboxed, and an
escape attempt is a located error, never executed (issue 17)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from vitrina.build import build
from vitrina.cli import main
from vitrina.errors import BuildError


@pytest.fixture
def small(tmp_path: Path) -> Path:
    folder = tmp_path / "show"
    assert CliRunner().invoke(main, ["new", str(folder)]).exit_code == 0
    return folder


def _poster_override(root: Path, body: str) -> None:
    (root / "layouts").mkdir(exist_ok=True)
    (root / "layouts" / "poster.html").write_text(
        "<html><body>\n<p>first line</p>\n" + body + "\n</body></html>\n", encoding="utf-8"
    )


def _build_error(root: Path) -> BuildError:
    with pytest.raises(BuildError) as caught:
        build(root, outputs=["posters"])
    assert not (root / "output" / "posters").exists()
    return caught.value


@pytest.mark.parametrize(
    "attempt",
    [
        "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
        "{{ joiner.__init__.__globals__.__builtins__.open('MARKER', 'w') }}",
        "{{ entry.doc.path.joinpath('MARKER').write_text('x') }}",
        "{{ entry.doc.path.parent.joinpath('MARKER').touch() }}",
        "{{ exhibition.model_fields['title'].annotation.mro() }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{% set _ = entries.append(1) %}",
        "{{ lipsum(100000) }}",
        "{{ 'x' * 1000000000 }}",
        "{{ [1] * 1000000000 }}",
        "{{ 10 ** 1000000000 }}",
    ],
)
def test_a_template_cannot_run_python(small: Path, attempt: str) -> None:
    _poster_override(small, attempt.replace("MARKER", str(small / "pwned")))
    error = _build_error(small)
    assert "layouts/poster.html:3" in str(error), str(error)
    assert not (small / "pwned").exists()


@pytest.mark.parametrize(
    "target", ["/etc/passwd", "../exhibit/exhibition.yaml", "../../outside.html"]
)
def test_an_include_outside_the_layouts_is_located(small: Path, target: str) -> None:
    (small.parent / "outside.html").write_text("SECRET", encoding="utf-8")
    _poster_override(small, f'{{% include "{target}" %}}')
    error = _build_error(small)
    assert "layouts/poster.html:3" in str(error), str(error)


def test_an_included_template_linked_outside_is_refused(small: Path) -> None:
    secret = small.parent / "secret.html"
    secret.write_text("SECRET", encoding="utf-8")
    _poster_override(small, '{% include "part.html" %}')
    os.symlink(secret, small / "layouts" / "part.html")
    error = _build_error(small)
    assert "layouts/poster.html:3" in str(error)
    assert "layouts/part.html" in str(error) and "outside" in str(error)


def test_a_layouts_folder_linked_outside_is_refused(small: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "theme"
    elsewhere.mkdir()
    (elsewhere / "poster.html").write_text("SECRET", encoding="utf-8")
    os.symlink(elsewhere, small / "layouts")
    error = _build_error(small)
    assert "layouts" in str(error) and "outside" in str(error)


def test_a_sandboxed_override_still_renders(small: Path) -> None:
    _poster_override(
        small,
        "{% for e in entries %}{{ e.panel.title | upper }}{{ loop.index }}{% endfor %}"
        "{% set ns = namespace(n=0) %}{% for i in range(3) %}{% set ns.n = ns.n + i %}"
        "{% endfor %}{{ ns.n }}{{ entry.doc.path.name }}",
    )
    build(small, outputs=["posters"])
    assert list((small / "output" / "posters").glob("*.pdf"))


def test_a_template_that_runs_on_is_stopped(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vitrina.resolve import layouts

    monkeypatch.setattr(layouts, "TEMPLATE_SECONDS", 1.0)
    _poster_override(
        small,
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    )
    error = _build_error(small)
    assert "layouts/poster.html:3" in str(error) and "ran for more than 1 s" in str(error)


def test_an_optional_field_left_out_prints_nothing(tmp_path: Path) -> None:
    """``{{ item.rights }}`` with no rights printed 'None' on a label; no template may."""
    from vitrina.resolve.layouts import Layouts, render_template

    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts" / "probe.html").write_text(
        "<p>{{ credit }}{{ rights }}|{{ count }}</p>", encoding="utf-8"
    )
    env = Layouts.for_exhibition(tmp_path).environment()
    html = render_template(env, "probe.html", {"credit": "Museum", "rights": None, "count": 0})
    assert html == "<p>Museum|0</p>"
