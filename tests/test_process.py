"""No vitrina module changes process-wide state when imported; a command's settings are
scoped (vitrina.process) and put back as they were when it ends."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

from vitrina.process import GC_THRESHOLD, command_settings, environment

#: Imports every vitrina module in a fresh interpreter and says what changed. The
#: libraries are imported first: their own import-time effects (WeasyPrint tells Pillow
#: to accept truncated images, for one) are theirs, and vitrina's image check scopes that
#: one off; what this test looks for is anything vitrina adds.
_IMPORT_ALL = """
import gc, importlib, json, os, pkgutil, sys
from PIL import Image, ImageFile
from reportlab import rl_config
import weasyprint, pydantic, pypdf, pypdfium2, reportlab.graphics.shapes, jinja2, yaml

def state():
    return {
        "environ": dict(os.environ),
        "gc": list(gc.get_threshold()),
        "pil": [Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES],
        "shapeChecking": rl_config.shapeChecking,
        "recursion": sys.getrecursionlimit(),
    }

before = state()
import vitrina
names = [m.name for m in pkgutil.walk_packages(vitrina.__path__, "vitrina.")]
for name in names:
    if name != "vitrina.__main__":
        importlib.import_module(name)
after = state()
print(json.dumps({"modules": len(names), "changed": {
    key: [before[key], after[key]] for key in before if before[key] != after[key]}}))
"""


def test_importing_every_module_changes_no_process_state() -> None:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PYDANTIC", "RL_"))}
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL],
        capture_output=True,
        text=True,
        check=True,
        env=environ,
        timeout=120,
    )
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["modules"] > 50  # the walk saw the package
    changed = found["changed"]
    if "environ" in changed:
        before, after = changed.pop("environ")
        changed["environ"] = {
            k: after.get(k) for k in set(before) | set(after) if before.get(k) != after.get(k)
        }
    assert changed == {}, f"importing vitrina changed process state: {changed}"


def _state() -> tuple:
    from reportlab import rl_config

    return dict(os.environ), gc.get_threshold(), rl_config.shapeChecking


def test_command_settings_apply_inside_and_are_restored_after() -> None:
    from reportlab import rl_config

    before = _state()
    with command_settings():
        assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__"
        assert os.environ["RL_shapeChecking"] == "0"  # noqa: SIM112 (ReportLab's spelling)
        assert rl_config.shapeChecking == 0
        assert gc.get_threshold()[0] >= GC_THRESHOLD
        with command_settings():  # entered again (the CLI, then build()): no harm
            pass
        assert gc.get_threshold()[0] >= GC_THRESHOLD and rl_config.shapeChecking == 0
    assert _state() == before


def test_environment_puts_back_what_was_there_even_after_an_error() -> None:
    os.environ["VITRINA_TEST_KEPT"] = "mine"
    os.environ.pop("VITRINA_TEST_NEW", None)
    try:
        with environment(VITRINA_TEST_KEPT="theirs", VITRINA_TEST_NEW="x"):
            assert os.environ["VITRINA_TEST_KEPT"] == "theirs"
            raise RuntimeError
    except RuntimeError:
        pass
    assert os.environ["VITRINA_TEST_KEPT"] == "mine" and "VITRINA_TEST_NEW" not in os.environ
    del os.environ["VITRINA_TEST_KEPT"]


def test_a_render_session_leaves_fontconfig_and_the_epoch_as_they_were(tmp_path: Path) -> None:
    from vitrina.render.pdf import RenderSession
    from vitrina.report.pdfinspect import inspect_pdf

    os.environ["FONTCONFIG_FILE"] = "/nonexistent/fonts.conf"
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        session = RenderSession(tmp_path)
        document = session.render("<p>Vilnius</p>", [])
        pdf = session.write(document, identity="t", epoch=86_400)
        fonts = {font.name for font in inspect_pdf(pdf).fonts}
        assert fonts and all("Charis" in name or "Noto" in name for name in fonts), fonts
        assert os.environ["FONTCONFIG_FILE"] == "/nonexistent/fonts.conf"
        assert "SOURCE_DATE_EPOCH" not in os.environ
    finally:
        del os.environ["FONTCONFIG_FILE"]
