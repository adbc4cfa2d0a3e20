"""Layouts are designers' files, not programs the build trusts: sandboxed, bounded, inside layouts/."""

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from booklet.cli import main

NOTHING_WRITTEN = "\n1 problem; no PDF was updated (any earlier PDF is still in place).\n"


def build_with_cover(root: Path, template: str) -> str:
    (root / "layouts/cover/cover.html.j2").write_text(template)
    result = CliRunner().invoke(main, ["--project", str(root), "build"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    return result.stderr


@pytest.mark.parametrize(("template", "message"), [
    ('{% include "cover/cover.html.j2" %}',
     "layouts/cover/cover.html.j2:1:1: layout error: a layout includes itself, or layouts include each other "
     "in a circle"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
     "layouts/cover/cover.html.j2:1:1: layout error: the layouts loop more than 1,000,000 times (a loop that "
     "never ends?)"),
    ("{{ t.__class__ }}",
     "layouts/cover/cover.html.j2:1:1: layout error: access to attribute '__class__' of 'Words' object is "
     "unsafe."),
])
def test_a_runaway_or_unsafe_layout_stops_at_its_template(mini: Callable[..., Path], template: str,
                                                         message: str) -> None:
    assert build_with_cover(mini(), template).endswith(message + NOTHING_WRITTEN)


def test_a_layout_that_is_a_symlink_out_of_layouts(mini: Callable[..., Path], tmp_path: Path) -> None:
    root = mini()
    (tmp_path / "secret.txt").write_text("the outside file's text")
    (root / "layouts/cover/cover.html.j2").unlink()
    (root / "layouts/cover/cover.html.j2").symlink_to(tmp_path / "secret.txt")
    result = CliRunner().invoke(main, ["--project", str(root), "build"])
    assert result.exit_code == 1
    assert result.stderr.endswith("layouts/cover/cover.html.j2: is outside layouts/ (copy the template "
                                  "into layouts/)" + NOTHING_WRITTEN)
    assert not list((root / "build").glob("*rejected*"))
