"""`vitrina serve` against cold builds, on the sample exhibition, in one run (issue #18).
Timings are reported here, never asserted in tests.

    .venv/bin/python bench/serve.py            # three edits each (a few minutes)
    .venv/bin/python bench/serve.py --rounds 1

It reports:
- in a running preview, from saving a one-caption edit to the poster's new thumbnail
  being served (the state event that names it, then the PNG itself, as the page fetches
  it), against a cold `vitrina build --force --only posters` in a fresh process;
- a whole `vitrina build` after a one-caption edit against a cold `vitrina build --force`,
  both in fresh processes.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "bench"))

from run import timed, vitrina  # noqa: E402

from serve_support import Events, poster, ready  # noqa: E402

#: The caption edited, and the two versions it alternates between.
PANEL = "stamp"
CAPTIONS = (
    "A Soviet stamp dedicated to the 50th anniversary",
    "A Soviet postage stamp, issued for the 50th anniversary",
)


def copy_sample(target: Path) -> Path:
    """The sample exhibition as `vitrina build` makes it here: exhibit/, layouts/, assets/."""
    for name in ("exhibit", "layouts", "assets"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, target / name)
    return target


def flip_caption(root: Path, edit: int) -> None:
    path = root / "exhibit" / f"{PANEL}.yaml"
    old, new = (CAPTIONS[0], CAPTIONS[1]) if edit % 2 == 0 else (CAPTIONS[1], CAPTIONS[0])
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} no longer holds the caption the benchmark edits"
    path.write_text(text.replace(old, new), encoding="utf-8")


def save_to_thumbnail(root: Path, rounds: int) -> list[float]:
    """Seconds from each save to its poster thumbnail served, in one running preview."""
    from vitrina.serve.app import Preview

    preview = Preview(root, port=0)
    preview.start()
    port = preview.server.server_address[1]
    events = Events(port)
    seconds = []
    try:
        events.wait_for(ready, "the first build")
        for edit in range(rounds):
            before = poster(events.wait_for(ready, "ready"), PANEL)["digest"]
            saved = time.perf_counter()
            flip_caption(root, edit)
            state = events.wait_for(
                lambda s, old=before: poster(s, PANEL)["digest"] != old, "a new poster"
            )
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", poster(state, PANEL)["pages"][0]["thumb"])
            response = connection.getresponse()
            assert response.status == 200 and response.read().startswith(b"\x89PNG")
            connection.close()
            seconds.append(time.perf_counter() - saved)
        events.wait_for(ready, "the last build")
    finally:
        events.close()
        preview.stop()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="edits timed in each part")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="vitrina-bench-serve-") as temp:
        root = copy_sample(Path(temp) / "sample")
        timed(vitrina(root))  # outputs in place, as a curator's folder would have them
        posters = min(
            timed(vitrina(root, "--force", "--only", "posters"))[0] for _ in range(args.rounds)
        )
        saves = save_to_thumbnail(root, args.rounds)
        best, middle = min(saves), statistics.median(saves)
        rows.append(("cold `vitrina build --force --only posters` (best)", f"{posters:.2f} s"))
        rows.append(
            (
                f"serve: save → new poster thumbnail ({args.rounds} edits)",
                f"best {best:.2f} s, median {middle:.2f} s: {middle / posters:.2f}× "
                "(target ≤ 0.5×, < 1.5 s)",
            )
        )
        colds, edits = [], []
        for edit in range(args.rounds):  # in turn: the machine is shared and noisy
            colds.append(timed(vitrina(root, "--force"))[0])
            flip_caption(root, edit + args.rounds)
            edits.append(timed(vitrina(root))[0])
        cold, after = min(colds), min(edits)
        rows.append(("cold `vitrina build --force` (best)", f"{cold:.2f} s"))
        rows.append(
            (
                "`vitrina build` after a one-caption edit (best)",
                f"{after:.2f} s: {after / cold:.2f}× (target ≤ 0.3×)",
            )
        )
    width = max(len(name) for name, _ in rows)
    print(f"vitrina serve benchmark, the sample, {os.cpu_count()} cores")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")


if __name__ == "__main__":
    main()
