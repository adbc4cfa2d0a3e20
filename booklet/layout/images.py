"""Stage 3, layout — images: find every photo a page places, or make its stand-in.

Takes an `Edition`; returns `Images`, a `Placed` image per photo file, each
with the file to embed, its pixel size and its frame in millimetres, and
`resolution_warnings()` for photos below print resolution in their frame.
A photo flagged `standin: true` whose file is not in assets/images/ yet is
drawn here, deterministically, at 300 ppi for its largest frame and cached
under .cache/standins/; a missing or unreadable photo that is not a stand-in
is an error at the page file's line.  Every photo is read whole (a truncated
or damaged file is an error, not a grey box in the PDF), no larger than
`MAX_PIXELS`, and measured as it prints: after its EXIF rotation, which
WeasyPrint applies (CSS `image-orientation: from-image`, its default).
"""

from __future__ import annotations

import contextlib
import functools
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

from PIL import ExifTags, Image, ImageFile

from booklet.content.edition import Edition, PageFile
from booklet.core.cachefiles import cache_folder
from booklet.core.errors import BookletError, Diagnostic, Location, closest, raise_all
from booklet.core.memo import Memo, is_count, is_hex_digest
from booklet.layout.standins import STANDIN_PPI, standin, standin_size
from booklet.project.arrangements import JOINED, Frame
from booklet.project.config import Booklet
from booklet.project.fieldtypes import photo_paths
from booklet.project.inputs import FileDigests
from booklet.project.paths import project_file
from booklet.project.schema import Photo

MM_PER_INCH = 25.4


@dataclass(frozen=True)
class Placed:
    """A photo ready to embed."""

    photo: Photo
    path: Path
    pixels: tuple[int, int]
    frame: Frame
    frame_mm: tuple[float, float]
    generated: bool
    """True when path is a generated stand-in, not a file of the project."""
    where: Location
    """The `file:` line of the page file that places it."""

    @property
    def ppi(self) -> float:
        """The lower of the two resolutions the photo has when it fills its frame."""
        return min(self.pixels[0] / (self.frame_mm[0] / MM_PER_INCH),
                   self.pixels[1] / (self.frame_mm[1] / MM_PER_INCH))


Images = dict[str, Placed]
"""Placed photos by their `file:` as written in the page files."""


Plan = dict[str, str]
"""The arrangement chosen for each page file that has them, by the page file's path (copyfit.py)."""


def photo_plan(edition: Edition, plan: Plan | None) -> Plan | None:
    """The plan as photos are framed by it: a joined page file's photos take the frames of the
    joining arrangement of the page file before it (arrangements.py, JOINED)."""
    if plan is None:
        return None
    framed = dict(plan)
    for before, page_file in zip(edition.pages, edition.pages[1:], strict=False):
        if plan.get(page_file.path) == JOINED and before.path in plan:
            framed[page_file.path] = framed[before.path]
    return framed


def photos_in(page_file: PageFile, booklet: Booklet, plan: Plan | None = None
              ) -> Iterator[tuple[tuple[str, ...], Photo, Frame]]:
    """Every photo of a page with its key path and frame.

    With a plan, the frame of the arrangement chosen; without one (before the
    copyfit has chosen), the largest frame the photo may take.
    """
    page = page_file.page
    layout = booklet.layouts[page.layout]
    for name in photo_paths(type(page)):
        path = tuple(name.split("."))
        photo: Any = page
        for step in path:
            photo = getattr(photo, step, None)
        if isinstance(photo, Photo):
            if plan is not None and page_file.path in plan:
                yield path, photo, layout.frame(name, plan[page_file.path])
            else:
                yield path, photo, max(layout.candidate_frames(name, page),
                                       key=lambda f: _area(f.size_mm(booklet)))


def gathered_in(page_file: PageFile, edition: Edition
                ) -> Iterator[tuple[tuple[str, ...], Photo, Frame]]:
    """The photos of a page that another layout of the edition shows too (layout.yaml's
    `gathers:`: a gallery that shows the portrait of each year's page), in its frame."""
    layouts = edition.booklet.layouts
    for name in sorted({p.page.layout for p in edition.pages}):
        for dotted, frame in layouts[name].gathers.items():
            value: Any = page_file.page
            for part in dotted.split("."):
                value = getattr(value, part, None)
            if isinstance(value, Photo):
                yield tuple(dotted.split(".")), value, layouts[name].frames[frame]


def place_images(edition: Edition, plan: Plan | None = None) -> Images:
    """Find or draw every photo of the edition, reporting all missing ones at once."""
    booklet = edition.booklet
    images: Images = {}
    errors: list[BookletError] = []
    sizes = Memo(booklet.cache_dir, "photos/sizes.json", _valid_size)  # what earlier builds read
    digests = FileDigests(booklet.root, booklet.cache_dir)  # (memo.py): a photo's size by its hash
    plan = photo_plan(edition, plan)
    for page_file in edition.pages:
        for key_path, photo, frame in [*photos_in(page_file, booklet, plan),
                                       *gathered_in(page_file, edition)]:
            earlier = images.get(photo.file)
            if earlier and _area(earlier.frame_mm) >= _area(frame.size_mm(booklet)):
                continue  # one file in two frames: the larger decides its stand-in
            try:
                images[photo.file] = _place(booklet, page_file, key_path, photo, frame, sizes, digests)
            except BookletError as exc:
                errors.append(exc)
    sizes.save()
    digests.save()
    raise_all(list({str(e): e for e in errors}.values()))  # one cache problem, said once
    return images


def standins_found(edition: Edition, images: Images) -> list[Diagnostic]:
    """A warning at each `standin: true` whose photo is in assets/images/ now: the real photo is
    placed, and not counted as a stand-in, but the flag no longer says the truth."""
    found = []
    for page_file in edition.pages:
        for key_path, photo, _frame in photos_in(page_file, edition.booklet):
            placed = images.get(photo.file)
            if photo.standin and placed is not None and not placed.generated:
                found.append(Diagnostic(
                    "warning", "standin-found", f"the photo assets/images/{photo.file} is here; delete "
                    "`standin: true`", page_file.where(*key_path, "standin")))
    return list(dict.fromkeys(found))


def _area(size: tuple[float, float]) -> float:
    return size[0] * size[1]


def _place(booklet: Booklet, page_file: PageFile, key_path: tuple[str, ...],
           photo: Photo, frame: Frame, sizes: Memo, digests: FileDigests) -> Placed:
    where = page_file.where(*key_path, "file")
    shown = f"assets/images/{photo.file}"
    path = project_file(booklet.images_dir / photo.file, booklet.images_dir, f"photo {shown}", where,
                        within="assets/images/", hint="copy the photo into assets/images/",
                        replace="replace it with the photo file")
    frame_mm = frame.size_mm(booklet)
    if path.is_dir():
        raise BookletError(f"photo {shown} is a folder, not a photo", where,
                           hint="name a photo file inside it")
    if path.is_file():
        return Placed(photo, path, _measure(path, shown, where, frame_mm, sizes, digests), frame,
                      frame_mm, False, where)
    if not photo.standin:
        near = _near_name(booklet.images_dir, photo.file)
        raise BookletError(f"photo not found: {shown}", where, hint=f"did you mean '{near}'?" if near
                           else "add the file, or mark the photo 'standin: true' to use a placeholder")
    folder = booklet.cache_dir / "standins"
    try:
        path = standin(cache_folder(booklet.cache_dir, "standins"), photo.file, frame_mm, frame.width > 1)
    except OSError as exc:
        raise BookletError(f"stand-in photos cannot be saved here: {_reason(exc)}",
                           Location(folder.relative_to(booklet.root).as_posix()),
                           hint="make sure .cache is a folder you may write to, or delete it "
                                "so that booklet makes it again") from None
    return Placed(photo, path, standin_size(frame_mm), frame, frame_mm, True, where)


def _measure(path: Path, shown: str, where: Location, frame_mm: tuple[float, float],
             sizes: Memo, digests: FileDigests) -> tuple[int, int]:
    """photo_size(), its problems said for a user at the page file's line; a size an earlier
    build read from a file with the same content (its sha256) comes from sizes."""
    try:
        stat = path.stat()
        key = digests.digest(path)
        if (known := sizes.get(key)) is not None:
            return int(known[0]), int(known[1])
        measured = _measured(path, stat.st_size, stat.st_mtime_ns)
        if is_hex_digest(key):
            sizes[key] = list(measured)
        return measured
    except TooLarge as exc:
        width, height = exc.pixels
        goal = standin_size(frame_mm)
        raise BookletError(
            f"photo {shown} has {width * height / 1e6:.0f} megapixels ({width}×{height} px); "
            f"booklet places photos of up to {MAX_PIXELS // 1_000_000}", where,
            hint=f"scale it down: {goal[0]}×{goal[1]} px is {STANDIN_PPI} ppi in its frame") from None
    except Unreadable as exc:
        raise BookletError(f"not a photo that can be read: {shown}", where, hint=exc.why) from None


def _valid_size(key: str, value: Any) -> bool:
    """An entry of sizes.json: a photo's sha256 → its pixels, as photo_size() could have found them."""
    return (is_hex_digest(key) and isinstance(value, list) and len(value) == 2
            and is_count(value[0], 1) and is_count(value[1], 1) and value[0] * value[1] <= MAX_PIXELS)


@functools.lru_cache(maxsize=1024)
def _measured(path: Path, _size: int, _mtime_ns: int) -> tuple[int, int]:
    """photo_size() once per version of a file in a process: reading a camera photo whole
    takes 0.1 s, and every variant and every rebuild of a preview places it again."""
    return photo_size(path)


def _near_name(images_dir: Path, file: str) -> str | None:
    """The photo file under images_dir that file most likely means, capitals aside."""
    names = {}
    for folder, _dirs, files in os.walk(images_dir):  # does not follow links, so cannot loop
        for name in files:
            relative = (Path(folder) / name).relative_to(images_dir).as_posix()
            names[relative.casefold()] = relative
    match = closest(file.casefold(), names)
    return names[match] if match else None


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


MAX_PIXELS = 250_000_000
"""The largest photo booklet places: 250 megapixels (a 108 MP camera photo is well inside).

Pillow's own decompression-bomb check is one setting for the whole process
(Image.MAX_IMAGE_PIXELS), which booklet leaves as it is: photo_size() reads
the size from the header and applies this limit itself, and the photos are
opened after that with open_photo(), which skips Pillow's check.  WeasyPrint
only ever opens the photos prepared for a variant (at most 300 ppi in their
frame) and the stand-ins, far below Pillow's limit."""

_TURNED = {5, 6, 7, 8}
"""EXIF orientations that turn the photo a quarter: it prints with width and height swapped."""
_TRUNCATED = "image file is truncated: it ends before the picture does; copy it again from the original"
_DAMAGED = "the file is damaged; copy it again from the original"
_UNKNOWN = "the file is not a picture, or not in a format booklet knows; save it as JPEG or PNG"


class TooLarge(Exception):
    """A photo with more pixels than MAX_PIXELS."""

    def __init__(self, pixels: tuple[int, int]) -> None:
        super().__init__(pixels)
        self.pixels = pixels


class Unreadable(Exception):
    """A file that is not a whole photo; why says so in a user's words."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


_PILLOW_ERRORS = (OSError, SyntaxError, ValueError, IndexError, TypeError, EOFError, struct.error)
"""What Pillow raises for a damaged file, depending on the format and where the damage is."""


def photo_size(path: Path) -> tuple[int, int]:
    """The pixels of a photo as it prints (EXIF rotation applied), having read it whole.

    Raises TooLarge or Unreadable.  Pillow's own truncation check obeys the
    process-wide ImageFile.LOAD_TRUNCATED_IMAGES, which WeasyPrint turns on at
    import; this one belongs to one read (`_Source`) and touches no global.
    """
    if path.stat().st_size == 0:
        raise Unreadable("the file is empty; copy it again from the original")
    try:
        with path.open("rb") as file:
            source = _Source(file)
            with _header(source) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise TooLarge(image.size)
                # A JPEG decoded at an eighth of its size still reads every byte.
                image.draft(None, (max(width // 8, 1), max(height // 8, 1)))
                source.ran_dry = False
                image.load()
                turned = image.getexif().get(ExifTags.Base.Orientation, 1) in _TURNED
        if source.ran_dry:
            raise Unreadable(_TRUNCATED)
        with path.open("rb") as file, _header(_Source(file)) as image:
            image.verify()  # PNG: the checksum of every chunk
    except _PILLOW_ERRORS:
        raise Unreadable(_DAMAGED) from None
    return (height, width) if turned else (width, height)


class _Source:
    """A photo file read for Pillow that notes when the decoder wants bytes past its end."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.ran_dry = False

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        if size and not data:
            self.ran_dry = True
        return data

    def readline(self, size: int = -1) -> bytes:  # some formats' headers are lines
        return self.file.readline(size)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return self.file.seek(offset, whence)

    def tell(self) -> int:
        return self.file.tell()


@contextlib.contextmanager
def open_photo(path: Path) -> Iterator[ImageFile.ImageFile]:
    """A photo that photo_size() accepted, opened to be converted: without Pillow's process-wide
    size check, which would warn about a large camera photo booklet's own limit lets through."""
    with path.open("rb") as file, _header(_Source(file)) as image:
        yield image


def _header(source: _Source) -> ImageFile.ImageFile:
    """The photo opened as Image.open() opens it, minus Pillow's size check (it warns first)."""
    Image.init()
    fp = cast(IO[bytes], source)
    prefix = source.read(16)
    for format_id in Image.ID:
        factory, accept = Image.OPEN[format_id]
        try:
            accepted = not accept or accept(prefix)
            if accepted and not isinstance(accepted, str):
                source.seek(0)
                return factory(fp, "")
        except (SyntaxError, IndexError, TypeError, struct.error):
            pass  # as in Image.open(): another format may know it
    raise Unreadable(_UNKNOWN)
