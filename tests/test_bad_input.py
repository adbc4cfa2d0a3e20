"""Bad input as people really make it, through the command line: one case, one exact message.

Each case changes a small project (the `mini` fixture: a cover and the year
2000) the way a careless or hostile user would, runs `booklet build`, and
compares the problem line the user reads.  The last good PDF is kept.
"""

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from booklet.cli import main

Change = Callable[[Path, Path], None]
"""Changes the project (root) in some bad way; the second folder is outside the project."""


def edit(name: str, old: str, new: str) -> Change:
    def change(root: Path, _outside: Path) -> None:
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return change


def link_out(name: str, real: str) -> Change:
    """Replace a project file by a symlink to a copy of it outside the project."""
    def change(root: Path, outside: Path) -> None:
        copy = outside / Path(name).name
        copy.write_bytes((root / real).read_bytes() if (root / real).exists() else b"")
        (root / name).unlink(missing_ok=True)
        (root / name).symlink_to(copy)
    return change


def backups(root: Path, _outside: Path) -> None:
    year = (root / "content/pages/2000.yaml").read_text()
    for name in (".2000.yaml", "2000.yaml~", "#2000.yaml#"):
        (root / "content/pages" / name).write_text(year + "garbage: [")
    (root / "content/pages/.#2000.yaml").symlink_to("user@host.1234")  # what Emacs leaves


def real_photo_named(name: str) -> Change:
    def change(root: Path, _outside: Path) -> None:
        (root / "assets/images" / name).write_bytes(b"\xff\xd8 not read")
        edit("content/pages/010-cover.yaml", "standin: true", "standin: false")(root, _outside)
    return change


CASES: list[tuple[str, Change, str]] = [
    ("language code leading out", edit("booklet.yaml", "  en: {locale: en_GB}",
                                       "  en: {locale: en_GB}\n  ../../etc: {locale: en_GB}"),
     "booklet.yaml:12:3: '../../etc' cannot be a language code: it may hold only letters, digits "
     "and '-' — it names the file content/lang/<code>.yaml (write a BCP 47 code such as en, en-GB, "
     "sq, sr-Latn, sr-Cyrl)"),
    ("page file linked out of the project", link_out("content/pages/2000.yaml", "content/pages/2000.yaml"),
     "content/pages/2000.yaml: is outside the project (copy the file into the project)"),
    ("font linked out of the project", link_out("assets/fonts/NotoSans-Bold.ttf",
                                                "assets/fonts/NotoSans-Bold.ttf"),
     "booklet.yaml:23:28: font file assets/fonts/NotoSans-Bold.ttf is outside the project (copy it "
     "into assets/fonts/)"),
    ("photo linked out of the project", link_out("assets/images/cover.jpg", "assets/images/none"),
     "content/pages/010-cover.yaml:5:9: photo assets/images/cover.jpg is outside assets/images/ (copy "
     "the photo into assets/images/)"),
    ("a direction override escaped", edit("content/lang/en.yaml", "cover: Years Together",
                                          'cover: "\\u202EYears Together"'),
     "content/lang/en.yaml:7:8: the text contains U+202E RIGHT-TO-LEFT OVERRIDE, an invisible "
     "text-direction control (delete the \\ escape that writes it, such as \\u202E)"),
    ("a NUL in a photo path", edit("content/pages/010-cover.yaml", "file: cover.jpg",
                                   'file: "cov\\u0000er.jpg"'),
     "content/pages/010-cover.yaml:5:15: the text contains U+0000 NULL, an invisible control "
     "character (delete the \\ escape that writes it, such as \\u0000)"),
    ("a text of zero-width spaces", edit("content/lang/en.yaml", "cover: Years Together",
                                         'cover: "\\u200B\\u00A0 \\u200B"'),
     "content/lang/en.yaml:7:1: 'cover' is empty (write its text)"),
    ("a line separator", edit("content/lang/en.yaml", "org: Organisation", "org: Organ\u2028isation"),
     "content/lang/en.yaml:6:11: a character that cannot be in the text: U+2028 LINE SEPARATOR, a line "
     "break most editors do not show (delete it, and press Enter where a new line was meant)"),
    ("a file manager's copy of a year", lambda root, _o: (root / "content/pages/2000 copy.yaml").write_text(
        (root / "content/pages/2000.yaml").read_text()),
     "content/pages/2000.yaml:3:1: year 2000 is also the year of content/pages/2000 copy.yaml (keep one "
     "file per year)"),
    ("a photo named in other capitals", real_photo_named("Cover.JPG"),
     "content/pages/010-cover.yaml:5:9: photo not found: assets/images/cover.jpg (did you mean "
     "'Cover.JPG'?)"),
    ("a number of 300 digits", edit("content/pages/010-cover.yaml", "anniversary: 25",
                                    "anniversary: " + "9" * 300),
     "content/pages/010-cover.yaml:2:1: anniversary: expected a whole number from 1 to 1000, got "
     "999999999999… (300 digits)"),
]


@pytest.mark.parametrize(("change", "message"), [(c, m) for _, c, m in CASES],
                         ids=[name for name, _, _ in CASES])
def test_bad_input_is_one_line_at_its_place(mini: Callable[..., Path], tmp_path: Path,
                                            change: Change, message: str) -> None:
    root = mini()
    assert CliRunner().invoke(main, ["--project", str(root), "build"]).exit_code == 0
    pdf = root / "build/25-years-together-en-print.pdf"
    good = pdf.read_bytes()
    outside = tmp_path / "outside"
    outside.mkdir()
    change(root, outside)
    result = CliRunner().invoke(main, ["--project", str(root), "build"])
    assert result.exit_code == 1, result.output
    problems = [line for line in result.stderr.splitlines()
                if not line.startswith(("  en", "warning:")) and "no PDF was updated" not in line]
    assert problems == [message]
    assert pdf.read_bytes() == good


def test_editor_backups_and_lock_files_are_not_pages(mini: Callable[..., Path], tmp_path: Path) -> None:
    root = mini()
    backups(root, tmp_path)
    result = CliRunner().invoke(main, ["--project", str(root), "build"])
    assert result.exit_code == 0, result.output
    assert "4 pages" in result.stdout
