"""The booklet laid out by sections: after an edit, only the run of sections that changed
is laid out again, and the booklet is joined from it and the pages kept from last time.

The booklet's sections run on (a section starts under the one before, not on a page of
its own), so where one begins a page is known only from a layout. A first build lays the
booklet out whole, as one WeasyPrint document, and cuts it into *runs* where a part (a
section, the sources, the introduction) begins at the top of a page: the run from there
on would be laid out the same alone, started at that page number. That plan — each run's
parts, a digest of their HTML, where the run starts, how many pages it took, its link
targets and bookmarks — is kept in the booklet's memory (vitrina.memory) with the PDF.

The next build compares the parts' digests. A run whose parts and first page are
unchanged keeps its pages. A changed run is laid out as a document of its own with the
first part of the next run after it (``run_document``); if that part still begins a new
page, the boundary holds and the next run keeps its pages, provided it still starts at
the same number; otherwise the runs are laid out together (bounded by their count). The
contents are laid out again only when a number in them changed. The result has the same
pages, text, contents numbers, links and bookmarks as the whole layout (tests/
test_booklet_sections.py compares the two page by page); its bytes differ (each run
laid out again has its own font subsets), which is why a first build is the whole one.

The archive booklet is always laid out whole: PDF/A's tag tree spans the document.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from vitrina.adapters.pypdf import copy_identifier
from vitrina.adapters.weasyprint import page_boxes
from vitrina.builders.booklet_parts import (
    FRONT,
    BookletHtml,
    Part,
    digest,
    graphics_in,
    run_document,
    split_parts,
)
from vitrina.builders.reuse import files_named, graphic_inputs, package_state

#: The plan's format: a memory of another format is not read.
PLAN_FORMAT = 1


@dataclass
class Run:
    """Consecutive parts laid out from the top of page ``start`` over ``pages`` pages."""

    parts: list[str]
    digests: list[str]
    start: int
    pages: int
    base: int
    """The index of the run's first page in the remembered PDF."""
    dests: dict[str, list[float]] = field(default_factory=dict)
    """Link targets: name → [page within the run, x, y] (PDF points)."""
    outline: list[list[Any]] = field(default_factory=list)
    """Bookmarks: [level, title, page within the run, x, y]."""
    notes: list[dict[str, str]] = field(default_factory=list)
    """What drawing its graphics had to say (a label left out), as ``Note.to_data``."""


@dataclass
class Plan:
    key: str
    runs: list[Run]
    numbers: dict[str, int]
    """The page numbers the contents print."""
    fillers: list[int]
    """Indexes of the notes pages in the remembered PDF (in front of the back cover)."""

    def to_bytes(self) -> bytes:
        data = {"format": PLAN_FORMAT, **asdict(self)}
        return json.dumps(data, ensure_ascii=False, sort_keys=True).encode()

    @classmethod
    def from_bytes(cls, data: bytes | None, key: str) -> Plan | None:
        """The remembered plan, or None when there is none, it is damaged, of another
        format, or made with other styles, fonts or versions (``key``)."""
        if not data:
            return None
        try:
            raw = json.loads(data)
            if raw.get("format") != PLAN_FORMAT or raw.get("key") != key:
                return None
            runs = [Run(**run) for run in raw["runs"]]
            plan = cls(key, runs, {k: int(v) for k, v in raw["numbers"].items()}, raw["fillers"])
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
        return plan if plan.consistent() else None

    def consistent(self) -> bool:
        """Runs in page order, each at least a page, the front first."""
        page = 1
        for run in self.runs:
            if run.start != page or run.pages < 1 or len(run.parts) != len(run.digests):
                return False
            page += run.pages
        return bool(self.runs) and self.runs[0].parts == list(FRONT)

    @property
    def parts(self) -> list[str]:
        return [name for run in self.runs for name in run.parts]


def part_starts(pages: list[Any], names: list[str]) -> dict[int, str]:
    """Page index → the part that begins at the top of that page (its first box is the
    page's first part box, and no earlier page holds any of it)."""
    known = set(names)
    seen: set[str] = set()
    starts: dict[int, str] = {}
    for index, page in enumerate(pages):
        first = None
        on_page: list[str] = []
        for box in page_boxes(page):
            element = getattr(box, "element", None)
            if element is None or getattr(box, "element_tag", None) not in ("section", "nav"):
                continue
            name = element.get("id")
            if name in known and name not in on_page:
                on_page.append(name)
                if first is None:
                    first = name
        if first is not None and first not in seen:
            starts[index] = first
        seen.update(on_page)
    return starts


def cut_runs(booklet: BookletHtml, starts: dict[int, str], page_count: int) -> list[list[Any]]:
    """The booklet's runs as [parts, first page index, page count]: the front, then a new
    run at every part that begins a page."""
    names = booklet.names
    boundaries = sorted(
        (index, name) for index, name in starts.items() if name not in FRONT[1:] and index > 0
    )
    runs: list[list[Any]] = []
    position = [0]
    first_page = [0]
    for index, name in boundaries:
        cut = names.index(name)
        if cut <= position[-1]:
            continue
        runs.append([names[position[-1] : cut], first_page[-1], index - first_page[-1]])
        position.append(cut)
        first_page.append(index)
    runs.append([names[position[-1] :], first_page[-1], page_count - first_page[-1]])
    if runs[0][0][: len(FRONT)] != list(FRONT) or len(runs[0][0]) != len(FRONT):
        # The front is one run of its own (its contents are numbered last): a booklet
        # whose first section runs on from the contents is not cut at all.
        return [[names, 0, page_count]]
    return runs


def read_targets(pdf: bytes) -> tuple[dict[str, list[float]], list[list[Any]]]:
    """A PDF's named destinations (name → [page, x, y]) and bookmarks ([level, title,
    page, x, y]), as WeasyPrint writes them."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}  # type: ignore[union-attr]
    dests: dict[str, list[float]] = {}
    names = reader.trailer["/Root"].get("/Names")
    tree = names.get_object().get("/Dests") if names else None
    pairs = list(tree.get_object().get("/Names", [])) if tree else []
    for name, target in zip(pairs[::2], pairs[1::2], strict=False):
        array = target.get_object()
        page = pages.get(array[0].idnum)
        if page is not None:
            dests[str(name)] = [page, float(array[2]), float(array[3])]
    outline: list[list[Any]] = []

    def walk(item: Any, level: int) -> None:
        count = 0
        while item is not None and count < 10_000:  # bounded: a damaged loop ends here
            node = item.get_object()
            array = node.get("/Dest")
            if array is None and "/A" in node:  # pypdf writes a GoTo action
                array = node["/A"].get_object().get("/D")
            if array is not None:
                array = array.get_object()
                page = pages.get(array[0].idnum)
                if page is not None:
                    outline.append(
                        [level, str(node["/Title"]), page, float(array[2]), float(array[3])]
                    )
            if "/First" in node:
                walk(node["/First"], level + 1)
            item = node.get("/Next")
            count += 1

    root = reader.trailer["/Root"].get("/Outlines")
    if root is not None and "/First" in root.get_object():
        walk(root.get_object()["/First"], 1)
    return dests, outline


def join(
    base: bytes,
    pieces: list[tuple[bytes | None, int, int]],
    dests: dict[str, list[float]],
    outline: list[list[Any]],
) -> bytes:
    """A PDF of pages taken in order from ``pieces`` — (PDF or None for ``base``, first
    page, page count) — with the document-level entries of ``base`` (information,
    metadata, output intent, language, viewer preferences, identifier) and the given
    named destinations and bookmarks (pages counted in the joined PDF)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        Fit,
        FloatObject,
        NameObject,
        TextStringObject,
    )

    readers: dict[int, Any] = {}
    base_reader = PdfReader(io.BytesIO(base))
    writer = PdfWriter()
    writer.pdf_header = base_reader.pdf_header
    for data, first, count in pieces:
        reader = base_reader if data is None else readers.setdefault(id(data), _reader(data))
        for index in range(first, first + count):
            writer.add_page(reader.pages[index])
    root = base_reader.trailer["/Root"]
    for key in ("/Lang", "/ViewerPreferences", "/OutputIntents", "/Metadata", "/MarkInfo"):
        if key in root:
            writer.root_object[NameObject(key)] = root[key].clone(writer)
    info = base_reader.trailer.get("/Info")
    if info is not None:
        writer.add_metadata({str(k): v for k, v in info.get_object().items()})
    copy_identifier(writer, base_reader)

    refs = [page.indirect_reference for page in writer.pages]
    names = ArrayObject()
    for name in sorted(dests):
        page, x, y = dests[name]
        names.append(TextStringObject(name))
        names.append(
            ArrayObject(
                [
                    refs[int(page)],
                    NameObject("/XYZ"),
                    FloatObject(x),
                    FloatObject(y),
                    FloatObject(0),
                ]
            )
        )
    if names:
        tree = DictionaryObject(
            {NameObject("/Dests"): DictionaryObject({NameObject("/Names"): names})}
        )
        writer.root_object[NameObject("/Names")] = tree
    parents: list[Any] = []
    for level, title, page, x, y in outline:
        parents = parents[: max(0, int(level) - 1)]
        parent = parents[-1] if parents else None
        item = writer.add_outline_item(
            title=str(title),
            page_number=int(page),
            parent=parent,
            fit=Fit.xyz(float(x), float(y), 0),
        )
        parents.append(item)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _reader(data: bytes) -> Any:
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))


class Sectioned:
    """One booklet's layout by sections, for a ``BookletMaker`` and the parts of its HTML."""

    def __init__(self, maker: Any, parts: BookletHtml):
        self.maker = maker
        self.parts = parts
        context = maker.context
        self.plan_name = f"booklet/{context.variant}-{context.language}.json"
        self.pdf_name = f"booklet/{context.variant}-{context.language}.pdf"
        self.key = self._key()
        self._digests: dict[str, str] | None = None

    # What a run's layout depends on.
    def _key(self) -> str:
        """Everything a run's layout depends on besides its parts: versions, variant and
        language, the HTML around the parts, styles, fonts and page geometry."""
        from importlib.metadata import version

        from vitrina import __version__
        from vitrina.resolve.fonts import exhibition_fonts, font_face_css

        context = self.maker.context
        styles = [context.layouts.find(f"css/{name}") for name in ("base.css", "booklet.css")]
        fonts = [
            f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}"
            for path in exhibition_fonts(context.exhibit.root)
            for stat in [path.stat()]
        ]
        return digest(
            __version__,
            package_state(),
            version("weasyprint"),
            version("pypdf"),
            context.variant,
            context.language,
            repr(sorted(context.render_options.items())),
            self.parts.head,
            self.parts.tail,
            *(path.read_text(encoding="utf-8") for path in styles),
            self.maker.page_css,
            font_face_css(),
            *fonts,
            self.maker.identity,
            str(context.epoch),
        )

    @property
    def digests(self) -> dict[str, str]:
        """Each part's digest: its HTML, the files it shows (by size and time) and, for a
        graphic still to be drawn, the panel it is drawn from."""
        if self._digests is None:
            self._digests = {part.name: self._digest(part) for part in self.parts.parts}
        return self._digests

    def _digest(self, part: Part) -> str:
        root = self.maker.context.exhibit.root
        texts = [part.html]
        for name in graphics_in(part.html):
            entry = self.maker.panels.get(name)
            if entry is not None:
                texts += graphic_inputs(entry, root, ())
        texts += files_named(_SOURCE.findall(part.html), root)
        return digest(*texts)

    # A build after an edit.
    def again(self) -> tuple[bytes, int, str, list[dict[str, str]]] | None:
        """The booklet from the last build's plan and PDF and the runs laid out again,
        or None when there is nothing to start from (then it is laid out whole)."""
        from vitrina.builders.booklet import padding_note

        memory = self.maker.context.memory
        plan = Plan.from_bytes(memory.read(self.plan_name), self.key)
        base = memory.read(self.pdf_name) if plan is not None else None
        if plan is None or base is None or plan.parts != self.parts.names:
            return None
        if _page_count(base) != sum(run.pages for run in plan.runs) + len(plan.fillers):
            return None
        runs: list[Run] = []
        pieces: list[tuple[bytes | None, int, int]] = []
        page = plan.runs[0].pages + 1
        index = 1
        while index < len(plan.runs):  # bounded: each turn takes at least one run
            run = plan.runs[index]
            if self._same(run) and run.start == page:
                runs.append(Run(**{**asdict(run), "start": page}))
                pieces.append((None, run.base, run.pages))
                page += run.pages
                index += 1
                continue
            if not self._same(run) and len(runs) > 0 and pieces[-1][0] is None:
                # A changed run may now begin on the last page of the run before it (a
                # section made shorter fits under the one before): that run is laid out
                # with it, so the break between them is found as a whole layout finds it.
                page -= runs.pop().pages
                pieces.pop()
                index -= 1
            index, made = self._lay_out_from(plan, index, page)
            for new, piece in made:
                runs.append(new)
                pieces.append(piece)
                page += new.pages
            if index < len(plan.runs) and plan.runs[index].start != page:
                # Every run after this one moves to other page numbers and is laid out
                # again: when that is most of the booklet, one whole layout is cheaper.
                rest = sum(run.pages for run in plan.runs[index:])
                if rest * 2 > sum(run.pages for run in plan.runs):
                    return None
        front = plan.runs[0]
        numbers = {
            name: run.start + int(run.dests[name][0])
            for run in runs
            for name in run.parts
            if name in run.dests
        }
        if self._same(front) and numbers == plan.numbers:
            runs.insert(0, front)
            pieces.insert(0, (None, front.base, front.pages))
        else:
            made_front = self._front(numbers, [name for run in runs for name in run.dests])
            if made_front is None or made_front[0].pages != front.pages:
                return None
            runs.insert(0, made_front[0])
            pieces.insert(0, made_front[1])
        total = sum(run.pages for run in runs)
        missing = -total % 4
        back = len(runs) - 1 if runs[-1].parts[0] == "colophon" else len(runs)
        if missing:
            if missing <= len(plan.fillers):
                filler: tuple[bytes | None, int, int] = (None, plan.fillers[0], missing)
            else:
                document = self.maker.filler_document(missing)
                filler = (self.maker.context.plain_pdf(document, "notes"), 0, missing)
            pieces.insert(back, filler)
        if all(data is None for data, _first, _count in pieces) and missing == len(plan.fillers):
            # Nothing laid out again (an edit the booklet does not print): the last PDF.
            pdf, new_plan = base, plan
        else:
            pdf, new_plan = self._joined(base, runs, pieces, back, missing, numbers)
        self._remember(new_plan, pdf)
        note = padding_note(missing, back < len(runs)) if missing else ""
        notes = [text for run in runs for text in run.notes]
        return pdf, total + missing, note, notes

    def _same(self, run: Run) -> bool:
        return [self.digests.get(name) for name in run.parts] == run.digests

    def _lay_out_from(
        self, plan: Plan, index: int, page: int
    ) -> tuple[int, list[tuple[Run, tuple[bytes | None, int, int]]]]:
        """Lay out run ``index`` from page ``page``, with the runs after it for as long as
        the next one does not begin a page; the index of the next run not laid out and the
        runs made (cut again where a part begins a page)."""
        names = list(plan.runs[index].parts)
        following = index + 1
        for _ in range(len(plan.runs)):  # bounded by the number of runs
            probe = plan.runs[following].parts[0] if following < len(plan.runs) else None
            document = run_document(self.parts, [*names, *([probe] if probe else [])], page)
            laid_out, graphics = self.maker.layout(document)
            if probe is None:
                count = len(laid_out.pages)
                break
            starts = part_starts(laid_out.pages, [*names, probe])
            at = [where for where, name in starts.items() if name == probe]
            if at:
                count = at[0]
                break
            names += plan.runs[following].parts
            following += 1
        pages = laid_out.pages[:count]
        pdf = self.maker.context.plain_pdf(laid_out.copy(pages), self.maker.identity)
        dests, outline = read_targets(pdf)
        made = []
        for parts, first, pages_count in cut_runs_from(names, part_starts(pages, names), count):
            run = Run(
                parts,
                [self.digests[name] for name in parts],
                page + first,
                pages_count,
                0,
                _dests_within(dests, first, pages_count),
                _outline_within(outline, first, pages_count),
                _notes(graphics, parts),
            )
            made.append((run, (pdf, first, pages_count)))
        return following, made

    def _front(self, numbers: dict[str, int], targets: list[str]) -> tuple[Run, Any] | None:
        """The cover and contents laid out again with the sections' page numbers; the
        targets of their links stand in it (never shown), so the links are kept."""
        numbered = split_parts(self.maker.html(numbers))
        if numbered is None:
            return None
        front = list(FRONT)
        own = set(front)
        document = run_document(numbered, front, 1, [t for t in targets if t not in own])
        laid_out, _graphics = self.maker.layout(document)
        pdf = self.maker.context.plain_pdf(laid_out, self.maker.identity)
        dests, outline = read_targets(pdf)
        dests = {name: place for name, place in dests.items() if name not in targets}
        count = len(laid_out.pages)
        run = Run(front, [self.digests[name] for name in front], 1, count, 0, dests, outline)
        return run, (pdf, 0, count)

    def _joined(
        self,
        base: bytes,
        runs: list[Run],
        pieces: list[tuple[bytes | None, int, int]],
        back: int,
        missing: int,
        numbers: dict[str, int],
    ) -> tuple[bytes, Plan]:
        dests: dict[str, list[float]] = {}
        outline: list[list[Any]] = []
        placed: list[Run] = []
        at = 0
        for number, run in enumerate(runs):
            if number == back:
                at += missing
            for name, (page, x, y) in run.dests.items():
                dests.setdefault(name, [at + page, x, y])
            outline += [[level, title, at + page, x, y] for level, title, page, x, y in run.outline]
            placed.append(Run(**{**asdict(run), "base": at}))
            at += run.pages
        pdf = join(base, pieces, dests, outline)
        fillers_at = sum(run.pages for run in runs[:back])
        fillers = list(range(fillers_at, fillers_at + missing))
        return pdf, Plan(self.key, placed, numbers, fillers)

    # After a whole layout.
    def remember_whole(
        self, pages: list[Any], pdf: bytes, graphics: dict[str, Any], back: int, missing: int
    ) -> None:
        """Keep the plan of a booklet laid out whole (``pages`` before padding, ``pdf``
        after it, with ``missing`` notes pages at ``back``), so the next build can lay out
        only the runs that change. Not kept when the back cover does not begin a run."""
        starts = part_starts(pages, self.parts.names)
        cuts = cut_runs(self.parts, starts, len(pages))
        firsts = [first for _parts, first, _count in cuts]
        if back < len(pages) and back not in firsts:
            return
        dests, outline = read_targets(pdf)
        runs = []
        for parts, first, count in cuts:
            at = first + (missing if first >= back else 0)
            runs.append(
                Run(
                    parts,
                    [self.digests[name] for name in parts],
                    first + 1,
                    count,
                    at,
                    _dests_within(dests, at, count),
                    _outline_within(outline, at, count),
                    _notes(graphics, parts),
                )
            )
        numbers = {
            name: run.start + int(run.dests[name][0])
            for run in runs[1:]
            for name in run.parts
            if name in run.dests
        }
        self._remember(Plan(self.key, runs, numbers, list(range(back, back + missing))), pdf)

    def _remember(self, plan: Plan, pdf: bytes) -> None:
        from vitrina.memory import memory_output

        if not plan.consistent():
            return
        self.maker.memory += [
            memory_output(self.plan_name, plan.to_bytes()),
            memory_output(self.pdf_name, pdf),
        ]


def cut_runs_from(names: list[str], starts: dict[int, str], count: int) -> list[list[Any]]:
    """Parts ``names`` laid out over ``count`` pages, cut where a part begins a page."""
    runs: list[list[Any]] = []
    position, first_page = 0, 0
    for index, name in sorted(starts.items()):
        cut = names.index(name)
        if index == 0 or cut <= position:
            continue
        runs.append([names[position:cut], first_page, index - first_page])
        position, first_page = cut, index
    runs.append([names[position:], first_page, count - first_page])
    return runs


def _dests_within(dests: dict[str, list[float]], first: int, count: int) -> dict[str, list[float]]:
    return {
        name: [page - first, x, y]
        for name, (page, x, y) in dests.items()
        if first <= page < first + count
    }


def _outline_within(outline: list[list[Any]], first: int, count: int) -> list[list[Any]]:
    return [
        [level, title, page - first, x, y]
        for level, title, page, x, y in outline
        if first <= page < first + count
    ]


def _notes(graphics: dict[str, Any], parts: list[str]) -> list[dict[str, str]]:
    wanted = {name.removeprefix("panel-") for name in parts}
    return [
        note.to_data()
        for name, graphic in graphics.items()
        if graphic and name in wanted
        for note in graphic.notes
    ]


def _page_count(pdf: bytes) -> int:
    try:
        return len(_reader(pdf).pages)
    except Exception:  # noqa: BLE001 — a damaged memory is only a memory lost
        return -1


_SOURCE = re.compile(r'\bsrc="([^"#:]+)"')
