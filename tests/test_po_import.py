"""booklet i18n import refuses what msgfmt refuses, and what the language file could not hold.

Each case goes through the CLI on a tiny project: exit 1, `po-file:line:col:
message` for every problem at once, no traceback, and the language file and
review states byte for byte as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from booklet.cli import main
from booklet.project.yamlfile import MAX_FILE_BYTES

TRAILER = "\n"
"""After the count of problems: an import writes no PDF, so it says nothing of PDFs."""


def i18n(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--project", str(root), "i18n", *args])


@pytest.fixture
def exported(mini: Callable[..., Path]) -> tuple[Path, str]:
    """A project with sq, and its exported PO file's text (written to out.po)."""
    root = mini(translated=True)
    assert i18n(root, "mark", "--lang", "sq", "--all").exit_code == 0
    result = i18n(root, "export", "--lang", "sq", "-o", str(root / "out.po"))
    assert result.exit_code == 0, result.output
    return root, (root / "out.po").read_text(encoding="utf-8")


def line_of(text: str, line: str) -> int:
    """The 1-based number of the first line of text that is exactly line."""
    return text.splitlines().index(line) + 1


def refused(root: Path, po: bytes | str) -> Result:
    """Import po (as out.po) and check that nothing at all was written."""
    target = root / "out.po"
    target.write_bytes(po.encode("utf-8") if isinstance(po, str) else po)
    lang, states = root / "content/lang/sq.yaml", root / "content/lang/sq.state.yaml"
    before = lang.read_bytes(), states.read_bytes()
    result = i18n(root, "import", str(target))
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert (lang.read_bytes(), states.read_bytes()) == before
    return result


def test_plural_forms_are_refused_at_their_line(exported: tuple[Path, str]) -> None:
    root, po = exported
    po = po.replace('msgid "First milestone"\nmsgstr "Arritja e parë"',
                    'msgid "First milestone"\nmsgid_plural "First milestones"\n'
                    'msgstr[0] "Arritja e parë"\nmsgstr[1] "Arritjet e para"')
    line = line_of(po, 'msgid_plural "First milestones"')
    result = refused(root, po)
    assert result.output == (
        f"{root / 'out.po'}:{line}:1: plural forms "
        "(msgid_plural, msgstr[n]) are not used by booklet: each text has one translation (write one "
        "msgstr, as the exported file has it (booklet has no plural rules yet))\n"
        "1 problem." + TRAILER)


def test_two_entries_for_one_key_name_both_lines(exported: tuple[Path, str]) -> None:
    root, po = exported
    first = line_of(po, 'msgctxt "m.one.title"')
    po += '\nmsgctxt "m.one.title"\nmsgid "First milestone"\nmsgstr "Arritja e PARË"\n'
    second = len(po.splitlines()) - 2
    result = refused(root, po)
    assert result.output == (
        f"{root / 'out.po'}:{second}:1: a second entry for 'm.one.title' (msgctxt); the first is on line "
        f"{first} (keep one of them: msgfmt calls this a duplicate message definition)\n"
        "1 problem." + TRAILER)


def test_invalid_utf8_at_its_line_and_column(exported: tuple[Path, str]) -> None:
    root, po = exported
    line = line_of(po, 'msgstr "Arritja e parë"')
    data = po.encode("utf-8").replace('msgstr "Arritja e parë"'.encode(), b'msgstr "Arritja e par\xeb"')
    result = refused(root, data)
    assert result.output == (f"{root / 'out.po'}:{line}:22: not UTF-8 text: save the PO file as UTF-8\n"
                             "1 problem." + TRAILER)


def test_a_text_larger_than_a_language_file_is_refused_before_writing(exported: tuple[Path, str]) -> None:
    root, po = exported
    line = line_of(po, 'msgstr "Një përshkrim i shkurtër."')
    po = po.replace('msgstr "Një përshkrim i shkurtër."', 'msgstr "' + "ë" * MAX_FILE_BYTES + '"')
    result = refused(root, po)
    assert result.output == (
        f"{root / 'out.po'}:{line}:1: 'm.one.body': the translation has {2 * MAX_FILE_BYTES:,} bytes; "
        "a whole language file may have at most 1 MB (check that this is the right text)\n"
        "1 problem." + TRAILER)


def test_texts_that_together_pass_the_file_limit_are_refused(exported: tuple[Path, str]) -> None:
    root, po = exported
    body = line_of(po, 'msgstr "Një përshkrim i shkurtër."')
    po = po.replace('msgstr "Një përshkrim i shkurtër."', 'msgstr "' + "a" * 600_000 + '"')
    po = po.replace('msgstr "Arritja e parë"', 'msgstr "' + "b" * 500_000 + '"')
    result = refused(root, po)
    assert result.output.startswith(f"{root / 'out.po'}:{body}:1: with these translations "
                                    "content/lang/sq.yaml would have 1,100,")
    assert result.output.endswith("bytes, more than the 1 MB a language file may have (the longest: "
                                  "'m.one.body') (check that the texts are the right ones)\n1 problem."
                                  + TRAILER)


@pytest.mark.parametrize(("locale", "message"), [
    ("en_GB", "it is for en, the language the others are translated from (import the PO file of a "
              "translated language)"),
    ("sr_Cyrl_RS", "it is for sr-Cyrl, which is made from sr-Latn: its texts are not translated one by "
                   "one (import the PO file of sr-Latn)"),
])
def test_a_po_file_for_english_or_a_derived_edition_names_the_file(
        exported: tuple[Path, str], locale: str, message: str) -> None:
    root, po = exported
    line = line_of(po, '"Language: sq_AL\\n"')
    result = refused(root, po.replace('"Language: sq_AL\\n"', f'"Language: {locale}\\n"'))
    assert result.output == f"{root / 'out.po'}:{line}:1: {message}\n1 problem." + TRAILER


def test_every_problem_at_once_and_nothing_written(exported: tuple[Path, str]) -> None:
    root, po = exported
    po = po.replace('msgstr "Arritja e parë"', 'msgstr "Arritja e parë: e re"')  # fine, but not written
    po += ('\nmsgctxt "m.two.title"\nmsgid "Second milestone"\nmsgid_plural "Second milestones"\n'
           'msgstr[0] "a"\nmsgstr[1] "b"\n'
           '\nmsgctxt "cover"\nmsgid "Years Together"\nmsgstr "Vite"\n')
    result = refused(root, po)
    lines = result.output.splitlines()
    assert [line.split(": ", 1)[1][:40] for line in lines[:2]] == [
        "plural forms (msgid_plural, msgstr[n]) a", "a second entry for 'cover' (msgctxt); th"]
    assert lines[2] == "2 problems." + TRAILER.rstrip()


def test_a_clean_po_file_still_imports(exported: tuple[Path, str]) -> None:
    root, po = exported
    (root / "out.po").write_text(po.replace('msgstr "Arritja e parë"', 'msgstr "Arritja e parë e re"'),
                                 encoding="utf-8")
    result = i18n(root, "import", str(root / "out.po"))
    assert (result.exit_code, result.output.splitlines()[0]) == (
        0, "content/lang/sq.yaml: 0 added, 1 changed, 10 unchanged")
    assert "title: Arritja e parë e re\n" in (root / "content/lang/sq.yaml").read_text(encoding="utf-8")


def test_a_line_that_is_not_po_is_told_at_its_line(exported: tuple[Path, str]) -> None:
    root, po = exported
    po += '\nmsgctxt "cover"\nmsgstring "Vite"\n'
    result = refused(root, po)
    assert result.output == (
        f"{root / 'out.po'}:{len(po.splitlines())}:1: not a PO file booklet can read: Unknown or "
        "misformatted keyword (export it again with booklet i18n export, or fix it in your CAT tool)\n"
        "1 problem." + TRAILER)


def test_another_charset_and_an_entry_without_key(exported: tuple[Path, str]) -> None:
    root, po = exported
    charset = line_of(po, '"Content-Type: text/plain; charset=utf-8\\n"')
    po = po.replace("charset=utf-8", "charset=ISO-8859-2")
    po += '\nmsgid "Years Together"\nmsgstr "Vite"\n'
    result = refused(root, po)
    assert result.output == (
        f"{root / 'out.po'}:{charset}:1: its Content-Type header says charset=iso-8859-2; booklet reads PO "
        "files in UTF-8 (save it as UTF-8 (every CAT tool can), with charset=UTF-8)\n"
        f"{root / 'out.po'}:{len(po.splitlines()) - 1}:1: an entry without msgctxt: booklet finds where a "
        "text goes by its key, which is the msgctxt (export it again with booklet i18n export, or fix it "
        "in your CAT tool)\n2 problems." + TRAILER)


def test_a_po_file_too_large_for_any_booklet(exported: tuple[Path, str]) -> None:
    root, po = exported
    po += "# " + "x" * (4 * MAX_FILE_BYTES) + "\n"
    before = len(po.encode()) - len(po.splitlines()[-1]) - 1  # the bytes before the last line
    result = refused(root, po)
    assert result.output == (
        f"{root / 'out.po'}:{len(po.splitlines())}:{4 * MAX_FILE_BYTES - before + 1}: the file passes "
        "4 MB here, more than the PO file of a booklet can be (check that this is the right file)\n"
        "1 problem." + TRAILER)
