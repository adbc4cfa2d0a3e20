"""The designer's and editor's commands: `booklet serve`, `booklet proofs`, `booklet new`.

Registered on the main command group by cli.py (`COMMANDS`); like the rest of
the command line they raise `BookletError` for anything a user can fix, and
the group prints it as one line.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sys
import time
from pathlib import Path

import click

from booklet.core.errors import known, relative
from booklet.core.progress import progress_for
from booklet.core.report import BuildReport, report_json, report_lines
from booklet.pipeline.uptodate import build_changed
from booklet.preview.serve import DEFAULT_PORT, run
from booklet.preview.state import headline
from booklet.project.config import Booklet, load_booklet
from booklet.project.scaffold import new_project
from booklet.render.contact import write_proofs

PREVIEW_VARIANT = "screen"
"""What the preview and proofs show by default: the print layout, its colours through the output
profile, photos at screen resolution — it renders fifteen times faster than the CMYK print PDF."""


def _preview_variant(booklet: Booklet) -> str:
    return PREVIEW_VARIANT if PREVIEW_VARIANT in booklet.variants else next(iter(booklet.variants))


def _show(report: BuildReport, quiet: bool = False) -> None:
    for kind, line in report_lines(report, Path.cwd()):
        if not quiet or kind == "error":
            click.secho(line, err=kind != "summary", fg={"error": "red", "warning": "yellow"}.get(kind))


@click.command()
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="The port on 127.0.0.1 to serve the preview on.")
@click.option("--lang", "-l", "langs", multiple=True, metavar="LANG",
              help="Preview this edition (repeat for several).  Default: every language.")
@click.option("--variant", "-v", "variants", multiple=True, metavar="VARIANT",
              help=f"Preview this variant (repeat for several).  Default: {PREVIEW_VARIANT}.")
@click.pass_context
def serve(ctx: click.Context, port: int, langs: tuple[str, ...], variants: tuple[str, ...]) -> None:
    """Preview the booklet in a browser as reader spreads, rebuilt on every save.

    Serves on this machine only (127.0.0.1) and opens no browser: open the
    address it prints.  Each save rebuilds the editions it concerns into
    build/, as booklet build does, and the page refreshes by itself; when a
    change breaks the build the page says why and keeps the last good spreads.
    """
    project: Path = ctx.obj["project"]
    booklet = load_booklet(project)
    chosen_langs = known(langs, list(booklet.spec.languages), "edition") or list(booklet.spec.languages)
    chosen = known(variants, list(booklet.variants), "variant") or [_preview_variant(booklet)]

    def tell(report: BuildReport) -> None:
        stamp = time.strftime("%H:%M:%S")
        for kind, line in report_lines(report, Path.cwd()):
            if kind == "error":
                click.secho(f"{stamp} {line}", err=True, fg="red")
        click.echo(f"{stamp} {headline(report, Path.cwd())}", err=True)

    try:
        run(project, chosen_langs, chosen, port, project / "build", click.echo, tell)
    except KeyboardInterrupt:
        # run() has closed every connection and stopped the build (its half-made files removed);
        # Python's own teardown of the renderer's objects would take seconds more on a busy
        # machine, and Ctrl-C should end the preview at once.
        click.echo("\nStopped. No PDF is half-written; any earlier PDF is still in place.", err=True)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)


@click.command()
@click.option("--lang", "-l", "langs", multiple=True, metavar="LANG",
              help="Proofs of this edition (repeat for several).  Default: every language.")
@click.option("--variant", "-v", "variant", default=None, metavar="VARIANT",
              help=f"The PDF to picture.  Default: {PREVIEW_VARIANT} (print: the press PDF itself, slower).")
@click.option("--quiet", "-q", is_flag=True, help="Print only the problems.")
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON, for scripts.")
@click.pass_context
def proofs(ctx: click.Context, langs: tuple[str, ...], variant: str | None, quiet: bool,
           as_json: bool) -> None:
    """Write reader spreads and a contact sheet as PNG files into build/proofs/.

    Builds the PDF first if it is out of date.  One PNG per spread (page 1
    alone, then 2–3, 4–5 …, the last page alone) and <slug>-<lang>-<variant>-contact.png
    with every spread on one sheet.
    """
    project: Path = ctx.obj["project"]
    booklet = load_booklet(project)
    chosen_langs = known(langs, list(booklet.spec.languages), "edition") or list(booklet.spec.languages)
    name = known((variant,), list(booklet.variants), "variant")[0] if variant else _preview_variant(booklet)
    out = project / "build"
    progress = progress_for(quiet or as_json, len(chosen_langs))
    try:
        report = build_changed(booklet, chosen_langs, out, progress, variants=[name])
    finally:
        progress.close()
    written: dict[str, list[str]] = {}
    if report.ok:
        for edition in report.editions:
            files = write_proofs(booklet, edition.target, out / "proofs", edition.target.stem)
            written[edition.label] = [relative(f, Path.cwd()) for f in files]
    if as_json:
        click.echo(json.dumps({**report_json(report, Path.cwd()), "proofs": written}, indent=2,
                              ensure_ascii=False))
    elif not report.ok:
        _show(report, quiet)
    elif not quiet:
        for label, shown in written.items():
            click.echo(f"{label}: {shown[0]} and {len(shown) - 1} spreads beside it")
    if not report.ok:
        ctx.exit(1)


@click.command()
@click.argument("folder", type=click.Path(path_type=Path))
def new(folder: Path) -> None:
    """Make a new booklet project in FOLDER that builds at once.

    A cover, two year spreads, a facts page and a back cover in English, in
    booklet's default theme (its layouts, styles, fonts and colour profile).
    """
    files = new_project(folder)
    click.echo(f"Made {folder.as_posix()}/ ({len(files)} files): booklet.yaml, content/, assets/images/; "
               "the design is the anniversary theme (a folder in layouts/ overrides one of its layouts).")
    command = typed_command()
    click.echo(f"Next:  cd {shlex.quote(folder.as_posix())} && {command} build   (or: {command} serve)")
    if command != "booklet":
        click.echo("(`make install-command` in booklet's folder lets you type just `booklet`)")


def typed_command() -> str:
    """What to type to run this booklet: `booklet` when it is on the PATH, else its full path."""
    mine = Path(sys.executable).parent / "booklet"  # the script pip made beside this Python
    on_path = shutil.which("booklet")
    if not mine.is_file() or (on_path and Path(on_path).resolve() == mine.resolve()):
        return "booklet"
    return shlex.quote(str(mine.absolute()))


COMMANDS = [serve, proofs, new]
