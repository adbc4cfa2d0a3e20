import datetime as dt
import os
from pathlib import Path

import pytest

from booklet.core.errors import BookletError, BookletErrors, Location
from booklet.project.yamlfile import MAX_DEPTH, MAX_FILE_BYTES, parse_yaml, read_yaml


def error_of(text: str) -> str:
    with pytest.raises(BookletError) as caught:
        parse_yaml(text, "f.yaml")
    return str(caught.value)


def read_error(path: Path) -> str:
    with pytest.raises(BookletError) as caught:
        read_yaml(path, "f.yaml")
    return str(caught.value)


def test_values_and_their_locations() -> None:
    doc = parse_yaml("a: 1\nb:\n  c: [x, y]\n  d: 1999-07-01\n", "f.yaml")
    assert doc.data == {"a": 1, "b": {"c": ["x", "y"], "d": dt.date(1999, 7, 1)}}
    assert str(doc.where(("b", "c", 1))) == "f.yaml:3:10"
    assert str(doc.where(("b", "d"))) == "f.yaml:4:3"
    # A path that was never written falls back to its nearest written parent.
    assert str(doc.where(("b", "missing"))) == "f.yaml:2:1"


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "No", "YES", "Off"])
def test_yes_no_on_off_stay_text(word: str) -> None:
    assert parse_yaml(f"country: {word}\n", "f.yaml").data == {"country": word}


def test_only_true_and_false_are_booleans() -> None:
    assert parse_yaml("a: true\nb: False\n", "f.yaml").data == {"a": True, "b": False}


def test_duplicate_keys_are_all_reported() -> None:
    with pytest.raises(BookletErrors) as caught:
        parse_yaml("a: 1\nb: 2\na: 3\nc:\n  x: 1\n  x: 2\n", "f.yaml")
    assert str(caught.value) == (
        "f.yaml:3:1: duplicate key 'a' (first written on line 1)\n"
        "f.yaml:6:3: duplicate key 'x' (first written on line 5)"
    )


def test_syntax_error_points_at_the_problem() -> None:
    with pytest.raises(BookletError) as caught:
        parse_yaml("title: fine\nbody: [unclosed\n", "f.yaml")
    assert str(caught.value) == ("f.yaml:2:7: a list opened with [ here is never closed (close it "
                                 "with ], or put the whole text in quotes if the [ belongs to it)")


def test_empty_file_is_an_empty_mapping() -> None:
    assert parse_yaml("# nothing\n", "f.yaml").data == {}


def test_impossible_dates_and_control_characters() -> None:
    with pytest.raises(BookletError) as caught:
        parse_yaml("title: t\ndate: 1999-13-01\n", "f.yaml")
    assert str(caught.value) == (
        "f.yaml:2:7: '1999-13-01' is not a valid date or number (month must be in 1..12)")
    with pytest.raises(BookletError) as caught:
        parse_yaml("title: pasted\x0bfrom a word processor\n", "f.yaml")
    assert str(caught.value) == (
        "f.yaml:1:14: a character that cannot be in the text: U+000B LINE TABULATION, "
        "an invisible control character (delete it)")


def test_keys_must_be_names() -> None:
    with pytest.raises(BookletError) as caught:
        parse_yaml("true: x\n", "f.yaml")
    assert str(caught.value) == "f.yaml:1:1: a key must be a name (put quotes around it)"


# Limits: a wrong or hostile file must not hang the build or eat the memory.

def test_a_file_over_the_size_limit_is_refused_where_it_passes_it(tmp_path: Path) -> None:
    lines = MAX_FILE_BYTES // 100
    text = "".join(f"k{i:06d}: {'x' * 90}\n" for i in range(lines))  # 100 bytes a line
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8")
    assert len(read_yaml(path, "f.yaml").data) == lines
    path.write_text(text + "more: x\n", encoding="utf-8")
    assert read_error(path) == (
        f"f.yaml:{lines + 1}:1: the file passes 1 MB here, more than a booklet "
        "file can be (check that this is the right file, or split it)")


@pytest.mark.parametrize("text", [
    "a: " + "[" * 5000 + "]" * 5000 + "\n",
    "".join("  " * i + f"k{i}:\n" for i in range(5000)),
])
def test_deep_nesting_is_refused_before_python_runs_out_of_stack(text: str) -> None:
    assert error_of(text).endswith(
        f"nested more than {MAX_DEPTH} levels deep "
        "(a booklet file needs only a few levels: check the indentation and the brackets)")


def test_nesting_up_to_the_limit_is_fine() -> None:
    text = "a: " + "[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1) + "\n"
    assert parse_yaml(text, "f.yaml").data["a"]
    assert error_of("a: " + "[" * MAX_DEPTH + "x" + "]" * MAX_DEPTH + "\n").startswith("f.yaml:1:53:")


NO_ALIASES = ("(write the value out in full; a text that starts with * or & needs quotes around it)")


def test_billion_laughs_is_refused_at_the_first_anchor() -> None:
    laughs = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True))
    assert error_of(laughs) == (
        "f.yaml:1:4: booklet files do not use YAML anchors and aliases (&name, *name) " + NO_ALIASES)


@pytest.mark.parametrize(("text", "where"), [
    ("a: 1\nb: *a\n", "2:4"),          # an alias without its anchor
    ("a: 1\n<<: *base\n", "2:5"),      # a merge key
    ("title: &x\n  b: 1\n", "1:8"),    # an anchor on a mapping
])
def test_anchors_and_aliases_are_refused_where_they_are_written(text: str, where: str) -> None:
    assert error_of(text) == (
        f"f.yaml:{where}: booklet files do not use YAML anchors and aliases (&name, *name) "
        + NO_ALIASES)


def test_markdown_italic_at_the_start_of_a_text_is_explained() -> None:
    assert error_of("body: *Kosovo* is a place\n") == (
        "f.yaml:1:7: booklet files do not use YAML aliases (*name) " + NO_ALIASES)
    assert parse_yaml('body: "*Kosovo* is a place"\n', "f.yaml").data == {"body": "*Kosovo* is a place"}


# Characters: what YAML escapes can write must pass the same check as what is typed.

@pytest.mark.parametrize(("escape", "named"), [
    (r"\a", "U+0007 BELL, an invisible control character"),
    (r"\e", "U+001B ESCAPE, an invisible control character"),
    (r"\u0000", "U+0000 NULL, an invisible control character"),
    (r"\x7f", "U+007F DELETE, an invisible control character"),
    (r"\x9b", "U+009B CONTROL SEQUENCE INTRODUCER, an invisible control character"),
    (r"\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE, an invisible text-direction control"),
    (r"\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE, an invisible text-direction control"),
    (r"\u200f", "U+200F RIGHT-TO-LEFT MARK, an invisible text-direction control"),
    (r"\L", "U+2028 LINE SEPARATOR, a line break most editors do not show"),
    (r"\N", "U+0085 NEXT LINE, a line break most editors do not show"),
    (r"\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE, an invisible byte-order mark"),
    (r"\uffff", "U+FFFF, a noncharacter, not a letter of any script"),
    (r"\ud800", "U+D800, half of a character (a surrogate)"),
])
def test_escaped_control_characters_are_named_in_values_and_keys(escape: str, named: str) -> None:
    code = named.split()[0][2:].rstrip(",")
    hint = f"(delete the \\ escape that writes it, such as \\u{code})"
    assert error_of(f'title: "Kosovo{escape}"\n') == f"f.yaml:1:8: the text contains {named} {hint}"
    assert error_of(f'list:\n  - "{escape}": x\n') == f"f.yaml:2:5: the text contains {named} {hint}"


def test_typographic_invisible_characters_are_allowed() -> None:
    # soft hyphen, no-break space, narrow no-break space, zero-width space, word joiner, tab
    text = r'a: "Mitro\u00advic\u00a0\u202f\u200b\u2060\t"' + "\n"
    assert parse_yaml(text, "f.yaml").data == {"a": "Mitro\u00advic\u00a0\u202f\u200b\u2060\t"}


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_line_breaks_editors_do_not_show_are_told_at_the_editors_line(char: str) -> None:
    # PyYAML would count the character as a line break and put later lines one too far down:
    # the problems after it are told too, at the lines an editor shows.
    text = f"a: 1\r\nb: one{char}two\n# a note{char}\nc: [\nd: 1\nd: 2\n"
    first, second, third = error_of(text).splitlines()
    assert first.startswith(f"f.yaml:2:7: a character that cannot be in the text: U+{ord(char):04X} ")
    assert first.endswith(
        "a line break most editors do not show (delete it, and press Enter where a new line was meant)")
    assert second.startswith(f"f.yaml:3:9: a character that cannot be in the text: U+{ord(char):04X} ")
    assert third.startswith("f.yaml:4:4: a list opened with [ here is never closed")
    assert error_of(f"a: {char}\nb: 1\nb: 2\n").splitlines()[1] == (
        "f.yaml:3:1: duplicate key 'b' (first written on line 2)")


def test_a_byte_order_mark_does_not_shift_columns() -> None:
    assert error_of("\ufeffa: [\n").startswith("f.yaml:2:1: YAML syntax:")
    assert error_of("\ufeffa: 1\nb: \u202e\n").startswith("f.yaml:2:4:")


# Syntax errors at the place to look, in words a translator reads.

@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_is_told_where_it_opens(quote: str) -> None:
    text = f"title: {quote}Hello\n" + "".join(f"k{i}: v\n" for i in range(160))
    assert error_of(text) == (
        "f.yaml:1:8: a quote opened here is never closed "
        "(close it with the same quote mark, or put the whole text in quotes)")
    assert error_of(f"title: {quote}Hello\n---\nx: y\n").startswith("f.yaml:1:8: a quote opened here")


def test_text_after_a_closing_quote() -> None:
    assert error_of('title: "Prishtinë" is the capital\n') == (
        "f.yaml:1:20: the text goes on after its closing quote "
        "(if the quotes belong to the text, put the whole text in the other kind of quotes)")


def test_a_line_without_colon_is_told_at_that_line() -> None:
    assert error_of("title: x\nbody text without colon\nnext: y\n") == (
        "f.yaml:2:1: expected 'name: value' on this line "
        "(add the ':', or indent the line further if it goes on with the text above)")


# Reading: every way a file can fail to be a readable UTF-8 file is one line naming it.

def test_invalid_utf8_is_told_at_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    # Columns count characters, as an editor does, not bytes: the UTF-8 ë before is one column.
    path.write_bytes("title: ok\nbody: Mitrovicë, Prishtin".encode() + b"\xeb\n")  # Latin-1 ë
    assert read_error(path) == "f.yaml:2:26: not UTF-8 text: save the file as UTF-8"
    path.write_bytes(b"\xff\xfet\x00i\x00")  # Notepad's 'Unicode' (UTF-16)
    assert read_error(path) == "f.yaml:1:1: not UTF-8 text: save the file as UTF-8"


def test_files_that_are_not_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert read_error(tmp_path / "missing.yaml") == "f.yaml: file not found"
    (tmp_path / "folder.yaml").mkdir()
    assert read_error(tmp_path / "folder.yaml") == (
        "f.yaml: is a folder, not a file (move the file inside it out, or rename the folder)")
    os.mkfifo(tmp_path / "pipe.yaml")
    assert read_error(tmp_path / "pipe.yaml") == (
        "f.yaml: is a named pipe, not a file (replace it with a YAML file)")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    assert read_error(tmp_path / "loop.yaml") == (
        "f.yaml: cannot be read: a symbolic link that points back at itself")
    locked = tmp_path / "locked.yaml"
    locked.write_text("a: 1\n")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)  # chmod 000 does not stop root, who may run the tests
    assert read_error(locked) == (
        "f.yaml: cannot be read: permission denied (give yourself permission to read it, or copy it)")


@pytest.mark.parametrize("tag", ["!!binary aGVsbG8=", "!!python/object:os.system x", "!!set {x}"])
def test_yaml_tags_are_refused_in_plain_words(tag: str) -> None:
    with pytest.raises(BookletError) as caught:
        parse_yaml(f"title: t\na: {tag}\n", "f.yaml")
    assert str(caught.value) == (
        f"f.yaml:2:4: a YAML tag ({tag.split()[0]}) is not used in booklet files (remove it, or put "
        "quotes around a text that starts with !)")
    assert parse_yaml("a: !!str 2001\n", "f.yaml").data == {"a": "2001"}


def test_an_unclosed_bracket_is_named_where_it_opens() -> None:
    with pytest.raises(BookletError) as caught:
        parse_yaml("a: {x: 1\nb: 2\n", "f.yaml")
    assert str(caught.value) == ("f.yaml:1:4: a mapping opened with { here is never closed (close "
                                 "it with }, or put the whole text in quotes if the { belongs to it)")


@pytest.mark.parametrize(("text", "message"), [
    ("a:\n  b: Ligji: i ri\n", "f.yaml:2:11: a ': ' inside a text makes YAML read a new name here "
     "(put the text in quotes: key: \"…\")"),
    ("a: @OSCE\n", "f.yaml:1:4: a text cannot start with this character unless it is in quotes "
     "(put the text in quotes: key: \"…\")"),
    ("a: x\n\tb: y\n", "f.yaml:2:1: a tab in the indentation: YAML files are indented with spaces "
     "(replace the tab with spaces)"),
    ("a:\n  b: x\n c: y\n", "f.yaml:3:2: this line is indented differently from the lines around it "
     "(line it up with the names at its level, with spaces as in the lines above)"),
])
def test_syntax_errors_say_what_a_translator_can_do(text: str, message: str) -> None:
    assert error_of(text) == message


def test_a_text_parsed_again_gives_its_own_copy() -> None:
    """Parsed texts are kept for the process's later builds; what a caller changes stays its own."""
    text = "title: One\nyears:\n  - 1999\n  - 2000\n"
    first = parse_yaml(text, "content/pages/a.yaml")
    first.data["years"].append(2001)
    first.marks.clear()
    again = parse_yaml(text, "content/pages/a.yaml")
    assert again.data == {"title": "One", "years": [1999, 2000]}
    assert again.where(("years", 1)) == Location("content/pages/a.yaml", 4, 5)
    assert parse_yaml(text, "content/pages/b.yaml").where(("title",)).path == "content/pages/b.yaml"
