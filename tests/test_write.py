"""All-or-nothing writes (issue 17): a build replaces every file it made or none, even
when a rename fails or the process is killed between two; write failures are said as
what they are; files keep the umask; one build of a folder at a time; the cache digests
the bytes that were validated."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from pdf_facts import page_texts
from vitrina import build as build_module
from vitrina.build import build
from vitrina.cli import main
from vitrina.errors import BuildError
from vitrina.write import atomic
from vitrina.write.atomic import OutputLock, recover, write_outputs

OLD = {"booklet.pdf": b"old booklet", "posters/a.pdf": b"old a", "posters/b.pdf": b"old b"}
NEW = {
    Path("booklet.pdf"): b"new booklet",
    Path("posters/a.pdf"): b"new a",
    Path("posters/c.pdf"): b"new c",  # a file that did not exist before
    Path("labels/sheet.pdf"): b"new sheet",  # in a folder that did not exist before
}


class Killed(BaseException):
    """kill -9: nothing after it runs in this process."""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def old_output(tmp_path: Path) -> Path:
    output = tmp_path / "output"
    for name, data in OLD.items():
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_bytes(data)
    return output


def count_renames(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    calls = []
    real = atomic._rename
    monkeypatch.setattr(atomic, "_rename", lambda a, b: (calls.append(a), real(a, b)))
    output = old_output(tmp_path / "count")
    write_outputs(output, NEW)
    monkeypatch.setattr(atomic, "_rename", real)
    assert snapshot(output) == {**OLD, **{str(k): v for k, v in NEW.items()}}
    return len(calls)


def fail_at(monkeypatch: pytest.MonkeyPatch, number: int, error: BaseException) -> None:
    real = atomic._rename
    calls = []

    def rename(source: Path, target: Path) -> None:
        calls.append(source)
        if len(calls) == number + 1:
            raise error
        real(source, target)

    monkeypatch.setattr(atomic, "_rename", rename)


def test_a_failure_at_any_rename_leaves_the_previous_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renames = count_renames(tmp_path, monkeypatch)
    assert renames >= len(NEW) + len(OLD)
    for number in range(renames):
        output = old_output(tmp_path / str(number))
        with monkeypatch.context() as patch:
            fail_at(patch, number, OSError(errno.ENOSPC, "No space left on device"))
            with pytest.raises(BuildError, match="is full"):
                write_outputs(output, NEW)
        assert snapshot(output) == OLD, f"rename {number}"
        assert not [p for p in output.iterdir() if p.name.startswith(".vitrina")], number


def test_a_build_killed_at_any_rename_is_rolled_back_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renames = count_renames(tmp_path, monkeypatch)
    for number in range(renames):
        output = old_output(tmp_path / str(number))
        with monkeypatch.context() as patch:
            fail_at(patch, number, Killed())
            patch.setattr(atomic, "_rollback", lambda *args: None)  # a killed process
            patch.setattr(atomic, "_tidy", lambda *args: None)  # does no clean-up
            with pytest.raises(Killed):
                write_outputs(output, NEW)
        recover(output)
        assert snapshot(output) == OLD, f"rename {number}"


def test_a_build_killed_after_the_switch_is_completed_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = old_output(tmp_path)
    real = atomic._tidy
    calls = []

    def tidy(folder: Path) -> None:
        calls.append(folder)
        if len(calls) == 2:  # the first is the recovery before writing
            raise Killed()
        real(folder)

    with monkeypatch.context() as patch:
        patch.setattr(atomic, "_tidy", tidy)
        with pytest.raises(Killed):
            write_outputs(output, NEW)
    recover(output)
    assert snapshot(output) == {**OLD, **{str(k): v for k, v in NEW.items()}}
    assert not (output / atomic.JOURNAL_FILE).exists()


def test_a_full_disk_while_staging_replaces_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = old_output(tmp_path)
    real = atomic._create
    calls = []

    def create(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)

    monkeypatch.setattr(atomic, "_create", create)
    with pytest.raises(BuildError) as caught:
        write_outputs(output, NEW)
    assert "is full" in str(caught.value) and "internal" not in str(caught.value)
    assert snapshot(output) == OLD
    assert not (output / atomic.STAGING_DIR).exists()


@pytest.fixture
def small(tmp_path: Path) -> Path:
    folder = tmp_path / "show"
    assert CliRunner().invoke(main, ["new", str(folder)]).exit_code == 0
    return folder


def _never_plan(todo: list, current: list) -> None:
    raise AssertionError("rendering was planned: the problem was not found before rendering")


def test_output_that_is_a_file_is_said_before_rendering(small: Path) -> None:
    (small / "output").write_text("not a folder")
    with pytest.raises(BuildError, match="'output' is a file"):
        build(small, outputs=["posters"], on_plan=_never_plan)


def test_a_read_only_disk_is_said_before_rendering(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.statvfs

    class ReadOnly:
        def __init__(self, stats: os.statvfs_result):
            self.f_flag = stats.f_flag | os.ST_RDONLY
            self.f_bavail, self.f_frsize = stats.f_bavail, stats.f_frsize

    monkeypatch.setattr(atomic.os, "statvfs", lambda path: ReadOnly(real(path)))
    with pytest.raises(BuildError, match="read-only disk"):
        build(small, outputs=["posters"], on_plan=_never_plan)


def test_a_second_build_of_a_folder_is_refused_naming_the_first(small: Path) -> None:
    with (
        OutputLock(small / "output"),
        pytest.raises(BuildError, match=f"process {os.getpid()}"),
    ):
        build(small, outputs=["posters"], on_plan=_never_plan)


def test_files_keep_the_umask(small: Path) -> None:
    previous = os.umask(0o022)
    try:
        build(small, outputs=["posters"])
    finally:
        os.umask(previous)
    for pdf in (small / "output").rglob("*.pdf"):
        assert stat.S_IMODE(pdf.stat().st_mode) == 0o644, pdf
    assert not (small / "output" / atomic.LOCK_FILE).exists()


def test_a_yaml_edited_during_a_build_is_not_called_up_to_date(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = small / "exhibit" / "welcome.yaml"
    text = panel.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    real_plan = build_module.plan_jobs

    def edit_then_plan(*args: object, **kwargs: object) -> object:
        panel.write_text(text.replace(title, "title: Edited meanwhile"), encoding="utf-8")
        return real_plan(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(build_module, "plan_jobs", edit_then_plan)
        build(small, outputs=["posters"])  # made from the text as validated
    again = build(small, outputs=["posters"])
    assert again.rendered, "the poster made from the old text was called up to date"
    assert "Edited meanwhile" in " ".join(page_texts(small / "output" / "posters" / "welcome.pdf"))
    assert hashlib.sha256(panel.read_bytes()).hexdigest()


def test_a_failed_rollback_is_not_called_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the disk fails mid-switch and putting the old files back fails too, the message
    must not promise unchanged outputs; the next build restores them from the journal."""
    renames = count_renames(tmp_path, monkeypatch)
    output = old_output(tmp_path / "mixed")

    def broken_rollback(*args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    with monkeypatch.context() as patch:
        fail_at(patch, renames - 1, OSError(errno.EIO, "Input/output error", str(output)))
        patch.setattr(atomic, "_rollback", broken_rollback)
        with pytest.raises(BuildError) as error:
            write_outputs(output, NEW)
    assert "unchanged" not in str(error.value)
    assert "putting the previous outputs back failed" in str(error.value)
    assert (output / atomic.JOURNAL_FILE).exists()
    recover(output)
    assert snapshot(output) == OLD


def test_a_failed_switch_that_is_rolled_back_says_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renames = count_renames(tmp_path, monkeypatch)
    output = old_output(tmp_path / "clean")
    with monkeypatch.context() as patch:
        fail_at(patch, renames - 1, OSError(errno.EIO, "Input/output error", str(output)))
        with pytest.raises(BuildError) as error:
            write_outputs(output, NEW)
    assert "the previous outputs are unchanged" in str(error.value)
    assert snapshot(output) == OLD


class _Disk:
    """What os.statvfs says of a disk with ``free`` bytes left."""

    def __init__(self, free: int):
        self.f_bavail, self.f_frsize, self.f_flag = free // 4096, 4096, 0


def test_too_little_room_for_the_files_is_said_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = old_output(tmp_path)
    big = {Path("booklet.pdf"): b"x" * 3_000_000}
    monkeypatch.setattr(atomic.os, "statvfs", lambda path: _Disk(2_000_000))
    with pytest.raises(BuildError) as caught:
        write_outputs(output, big)
    message = str(caught.value)
    assert "too full" in message and "3.0 MB" in message and "2.0 MB are free" in message
    assert snapshot(output) == OLD
    assert not (output / atomic.STAGING_DIR).exists()
    monkeypatch.setattr(atomic.os, "statvfs", lambda path: _Disk(5_000_000))
    write_outputs(output, big)  # with room enough it goes ahead


def test_a_rebuild_that_would_fill_the_disk_stops_before_rendering(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The files the jobs wrote last time say how much room they need again."""
    folder = tmp_path / "show"
    assert CliRunner().invoke(main, ["new", str(folder)]).exit_code == 0
    build(folder, outputs=["booklet"])
    size = (folder / "output" / "booklet.pdf").stat().st_size
    before = snapshot(folder / "output")
    monkeypatch.setattr(atomic.os, "statvfs", lambda path: _Disk(size // 2 + 1_000_000))

    def no_rendering(*args: object, **kwargs: object) -> None:
        raise AssertionError("rendered although the disk could not hold the result")

    from vitrina.schedule import runner

    monkeypatch.setattr(runner, "run_jobs", no_rendering)
    with pytest.raises(BuildError, match="too full"):
        build(folder, outputs=["booklet"], force=True)
    assert snapshot(folder / "output") == before
