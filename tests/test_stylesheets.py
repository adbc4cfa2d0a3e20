"""What a stylesheet may load: files of the project, named at the line that asks for them."""

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from booklet.cli import main

NOTHING_WRITTEN = "\n1 problem; no PDF was updated (any earlier PDF is still in place).\n"


def build_with_rule(root: Path, rule: str) -> tuple[int, str]:
    with (root / "styles/base.css").open("a") as css:
        css.write(f"\n{rule}\n")
    line = len((root / "styles/base.css").read_text().splitlines())
    result = CliRunner().invoke(main, ["--project", str(root), "build"])
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr.replace(f"styles/base.css:{line}:", "styles/base.css:LINE:")


@pytest.mark.parametrize(("url", "message"), [
    ("https://example.org/paper.png", "only files of the project can be used, not the web "
                                      "(copy the file into assets/)"),
    ("file:///etc/passwd", "the file is outside the project (copy it into assets/)"),
    ("FILE:///etc/passwd", "the file is outside the project (copy it into assets/)"),
    ("../../../../../../../../etc/passwd", "the file is outside the project (copy it into assets/)"),
    ("..%2F..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
     "the file is outside the project (copy it into assets/)"),
    ("%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
     "the file is outside the project (copy it into assets/)"),
])
def test_a_url_that_is_refused_is_named_at_its_line(mini: Callable[..., Path], url: str,
                                                    message: str) -> None:
    code, stderr = build_with_rule(mini(), f'.cover {{ background: url("{url}"); }}')
    assert code == 1
    assert stderr.endswith(f"styles/base.css:LINE:22: url({url}): {message}" + NOTHING_WRITTEN), stderr


def test_a_symlink_out_of_the_project_is_outside(mini: Callable[..., Path], tmp_path: Path) -> None:
    root = mini()
    (tmp_path / "secret.png").write_bytes(b"not for the booklet")
    (root / "assets/images/paper.png").symlink_to(tmp_path / "secret.png")
    code, stderr = build_with_rule(root, ".cover { background: url(../assets/images/paper.png); }")
    assert code == 1
    assert stderr.endswith("styles/base.css:LINE:22: url(../assets/images/paper.png): the file is "
                           "outside the project (copy it into assets/)" + NOTHING_WRITTEN), stderr


def test_a_stylesheet_that_is_a_symlink_out_of_the_project(mini: Callable[..., Path],
                                                          tmp_path: Path) -> None:
    root = mini()
    (tmp_path / "outside.css").write_text("body { color: red }")
    (root / "styles/pages.css").unlink()
    (root / "styles/pages.css").symlink_to(tmp_path / "outside.css")
    result = CliRunner().invoke(main, ["--project", str(root), "build"])
    assert result.exit_code == 1
    assert result.stderr.endswith("styles/pages.css: the stylesheet is outside the project "
                                  "(copy it into styles/)" + NOTHING_WRITTEN)


def test_data_urls_and_project_files_load(mini: Callable[..., Path]) -> None:
    root = mini()
    (root / "assets/images/dot.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')
    code, stderr = build_with_rule(root, ".cover { background: url(../assets/images/dot.svg), "
                                         "url('data:image/svg+xml,%3Csvg/%3E'); }")
    assert code == 0, stderr
