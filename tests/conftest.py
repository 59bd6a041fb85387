"""Shared fixtures: the sample exhibition, copied to a temporary folder and built once.

Tests come in two tiers. `make test` (CI) runs them all; `make test-fast` leaves out those
marked ``slow``: every test that uses one of SLOW_FIXTURES (a whole sample build, or a
module's own build of many outputs) and the few marked by hand (a long property test, a
build in every variant with workers, builds interrupted in a subprocess)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE_EXHIBIT = REPO / "exhibit"


def copy_sample(target: Path) -> Path:
    """A copy of the sample exhibition folder (content only) under ``target``."""
    shutil.copytree(SAMPLE_EXHIBIT, target / "exhibit")
    return target


def keep_panels(root: Path, *ids: str) -> Path:
    """Cut a copied sample down to the given panels (faster builds in tests)."""
    import yaml

    exhibit = root / "exhibit"
    settings = yaml.safe_load((exhibit / "exhibition.yaml").read_text(encoding="utf-8"))
    settings["panels"] = list(ids)
    (exhibit / "exhibition.yaml").write_text(
        yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    for panel in exhibit.glob("*.yaml"):
        if panel.stem not in (*ids, "exhibition", "sources"):
            panel.unlink()
    return root


#: Fixtures that build many outputs (tens of seconds each): their tests are ``slow``.
SLOW_FIXTURES = frozenset({"built_sample", "built_all_variants", "handouts", "cmyk", "rendered"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that needs a slow fixture as ``slow`` (pytest -m "not slow")."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def sample_dir(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "sample")


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample exhibition built once for the whole session; returns its folder."""
    from vitrina.build import build

    root = copy_sample(tmp_path_factory.mktemp("built") / "sample")
    build(root)
    return root


#: Every variant a build can make.
ALL_VARIANTS = ("proof", "print", "archive")


@pytest.fixture(scope="session")
def built_all_variants(built_sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole sample built in every variant (`--variant proof,print,archive`), one
    output after another in a single process (`--jobs 1`: the case where one process
    writes many archive PDFs); returns its output folder. To stay cheap it starts from a
    copy of ``built_sample``, whose proof files are up to date, so only print and archive
    are rendered. The suite's most expensive fixture: reuse it, do not build another."""
    from vitrina.build import build

    root = tmp_path_factory.mktemp("all-variants") / "sample"
    shutil.copytree(built_sample, root)
    report = build(root, variants=ALL_VARIANTS, jobs=1)
    assert {job.variant for job in report.rendered} == {"print", "archive"}
    return root / "output"
