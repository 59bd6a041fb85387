"""Shared fixtures: the sample exhibition, copied to a temporary folder and built once."""

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
