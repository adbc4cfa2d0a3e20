"""The command line: `booklet build` and friends, for people who do not write Python."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from booklet import __version__
from booklet.checks.commands import codes
from booklet.checks.photolist import photo_table
from booklet.core.errors import BookletError, known
from booklet.core.notes import showing_notes
from booklet.core.progress import progress_for
from booklet.core.report import BuildReport, report_json, report_lines
from booklet.i18n.commands import i18n
from booklet.pipeline.build import build_all
from booklet.pipeline.edition import EditionPipeline
from booklet.pipeline.uptodate import build_changed
from booklet.preview.commands import COMMANDS
from booklet.project.config import find_project, load_booklet

_COLOUR = {"error": "red", "warning": "yellow"}


def print_report(report: BuildReport, quiet: bool = False, verbose: bool = False) -> None:
    """Print a build's report: problems and warnings on stderr, the table of PDFs on stdout.

    Quiet: the errors only (scripts read the exit status).  Verbose: every finding of every
    check and variant, not one line per cause.
    """
    for kind, line in report_lines(report, Path.cwd(), verbose):
        if not quiet or kind == "error":
            click.secho(line, err=kind != "summary", fg=_COLOUR.get(kind))


@contextlib.contextmanager
def _stopped_like_ctrl_c() -> Iterator[None]:
    """SIGTERM (a closed terminal, a stopped service) stops a build as Ctrl-C does.

    Both raise KeyboardInterrupt, so every half-written file is removed on the
    way out and the last good PDF stays.  SIGINT does so even when the process
    started with it ignored (a command run in the background of a script
    inherits that, and Python then leaves it ignored): `kill -INT` still stops it.
    """
    def interrupt(_signal: int, _frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; a preview's worker has none
        return
    before = signal.signal(signal.SIGTERM, interrupt)
    before_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)
        signal.signal(signal.SIGINT, before_int)


def _stdout_to_nowhere() -> None:
    """Send what is left to write to stdout to the null device, so that Python's last flush
    finds no closed pipe to complain about."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (a test's runner): nothing is flushed to a pipe
        pass


WRITES_PDFS = {"build", "serve", "proofs"}
"""The commands whose failure leaves the last good PDFs in place, and says so."""


class BookletGroup(click.Group):
    """Shows BookletErrors as path:line:col lines and exits 1, with no traceback."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        try:  # `booklet --help | head`: the help is written while the command line is read
            return super().make_context(info_name, args, parent, **extra)
        except BrokenPipeError:
            _stdout_to_nowhere()
            raise click.exceptions.Exit(141) from None

    def invoke(self, ctx: click.Context) -> object:
        try:
            with _stopped_like_ctrl_c():
                return super().invoke(ctx)
        except BookletError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            failed = BuildReport(problems=exc.diagnostics(), writes_pdfs=_writes_pdfs(ctx))
            if ctx.obj and ctx.obj.get("json"):
                click.echo(json.dumps(report_json(failed, Path.cwd()), indent=2, ensure_ascii=False))
            else:
                print_report(failed)
            ctx.exit(1)
        except BrokenPipeError:  # `booklet … | head` has read what it wanted: end quietly
            _stdout_to_nowhere()
            ctx.exit(141)  # as a shell reports a program ended by SIGPIPE
        except KeyboardInterrupt:
            click.echo("\nStopped. No PDF is half-written; any earlier PDF is still in place."
                       if _writes_pdfs(ctx) else "\nStopped.", err=True)
            ctx.exit(130)  # as a shell reports a stop by Ctrl-C
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # a bug of ours or of a library: no traceback for users
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.secho(f"internal error: {type(exc).__name__}: {exc}", err=True, fg="red")
            click.echo(("No PDF was updated. " if _writes_pdfs(ctx) else "")
                       + "Run again with --debug to see where, and report it.", err=True)
            ctx.exit(2)


def _writes_pdfs(ctx: click.Context) -> bool:
    """Whether the command run writes PDFs, so that its failure talks about them."""
    return ctx.invoked_subcommand in WRITES_PDFS


@click.group(cls=BookletGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="booklet")
@click.option("--project", "-C", type=click.Path(file_okay=False, path_type=Path), default=".",
              help="The booklet project folder (the one with booklet.yaml).  [default: the nearest "
                   "folder with a booklet.yaml, from this one upward]")
@click.option("--debug", is_flag=True, help="Show Python tracebacks (for developers).")
@click.pass_context
def main(ctx: click.Context, project: Path, debug: bool) -> None:
    """Turn a booklet project (booklet.yaml, content/, layouts/, styles/, assets/)
    into press-ready PDFs.

    \b
    Start with:  booklet build
    """
    ctx.obj = {"project": project, "debug": debug}
    if ctx.get_parameter_source("project") is ParameterSource.DEFAULT:
        found = find_project(Path.cwd())  # from content/pages/ too, as git finds .git
        ctx.obj["project"] = project if found is None or found == Path.cwd().resolve() else found
    elif not project.is_dir():
        raise BookletError(f"no such folder: {project.as_posix()}",
                           hint="--project names the folder that has booklet.yaml")


main.add_command(i18n)
main.add_command(codes)


@main.command()
@click.option("--lang", "-l", "lang", metavar="LANG", default=None,
              help="The edition whose layout gives the page numbers.  Default: the default language.")
@click.pass_context
def photos(ctx: click.Context, lang: str | None) -> None:
    """List every photo frame: its pages, its size, the pixels it needs, and what is in it.

    Stand-ins are the photos still to find; a real photo shows its resolution
    in its frame (300 ppi is what print wants).
    """
    booklet = load_booklet(ctx.obj["project"])
    lang = lang or booklet.spec.default_language
    known([lang], list(booklet.spec.languages), "edition")
    rows = EditionPipeline(booklet, lang, draft=True).photo_rows()
    for line in photo_table(rows):
        click.echo(line.rstrip())
    missing = len({r.file for r in rows if r.standin})  # a photo in two frames is one to replace
    click.echo(f"{_plural(len(rows), 'photo frame')}; {_plural(missing, 'stand-in')} to replace.")
    if any(row.pages is None for row in rows):
        click.echo("The pages are not planned yet (booklet check or build plans them); each photo is "
                   "shown in the largest frame its page may give it.")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@main.command()
@click.option("--lang", "-l", "langs", multiple=True, metavar="LANG",
              help="Check only this language edition (repeat for several).")
@click.option("--variant", "-v", "variants", multiple=True, metavar="VARIANT",
              help="Check only this variant (repeat for several).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON, for scripts.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the problems; the exit status says the rest.")
@click.option("--verbose", is_flag=True,
              help="Show every finding of every check and variant, not one warning per cause, "
                   "and what booklet did behind the scenes (cache entries ignored and made again).")
@click.option("--longer", type=click.IntRange(1, 100), default=None, metavar="PERCENT",
              help="Make every text PERCENT longer (a pseudo-translation, accented, placeholders "
                   "kept) to see whether the layouts take a longer translation (one can run 20–30 % "
                   "longer than English).")
@click.pass_context
def check(ctx: click.Context, langs: tuple[str, ...], variants: tuple[str, ...], as_json: bool,
          quiet: bool, verbose: bool, longer: int | None) -> None:
    """Check the words and the layout of every edition, writing no PDF.

    The same problems as a build, at the same file:line, in less time: run it
    on every save.  Exit status 0 when there is nothing to fix, 1 otherwise.
    """
    _run(ctx, langs, variants, None, as_json, write=False, quiet=quiet, verbose=verbose,
         longer=(longer or 0) / 100)


@main.command()
@click.option("--lang", "-l", "langs", multiple=True, metavar="LANG",
              help="Build only this language edition (repeat for several). "
                   "Default: every language in booklet.yaml.")
@click.option("--variant", "-v", "variants", multiple=True, metavar="VARIANT",
              help="Make only this variant: print, proof, screen or one booklet.yaml defines "
                   "(repeat for several).  Default: every variant.")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the PDFs.  [default: build/ in the project]")
@click.option("--json", "as_json", is_flag=True,
              help="Print the report (every PDF, problem and warning) as JSON, for scripts.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the problems; the exit status says the rest.")
@click.option("--verbose", is_flag=True,
              help="Show every finding of every check and variant, not one warning per cause, "
                   "and what booklet did behind the scenes (cache entries ignored and made again).")
@click.option("--force", is_flag=True, help="Build every PDF again, even those that are up to date.")
@click.option("--draft", is_flag=True,
              help="Make a draft proof, <slug>-<lang>-draft.pdf (never over the proof), saying DRAFT on "
                   "every page, with texts a translation lacks in English, marked [EN].")
@click.pass_context
def build(ctx: click.Context, langs: tuple[str, ...], variants: tuple[str, ...], out: Path | None,
          as_json: bool, quiet: bool, verbose: bool, force: bool, draft: bool) -> None:
    """Build the PDF of every edition, or of the ones named with --lang.

    Each PDF is written as build/<slug>-<lang>-<variant>.pdf: print for the
    printer (PDF/X-4, CMYK), proof for checking (print on a larger sheet with
    marks), screen for the website (tagged, RGB).  If anything is
    wrong (a typo in a page file, a missing photo, text that does not fit) the
    build stops, says where, and leaves the previous PDF untouched.  A PDF
    whose sources have not changed since it was written is up to date and
    not built again (--force builds it anyway).
    """
    if draft and set(variants) - {"proof"}:
        raise BookletError("--draft makes only the proof: a print or screen PDF never has English "
                           "in place of a translation", hint="leave out --variant, or write --variant proof")
    _run(ctx, langs, ("proof",) if draft else variants, out, as_json, write=True, quiet=quiet,
         verbose=verbose, force=force, draft=draft)


def _run(ctx: click.Context, langs: tuple[str, ...], variants: tuple[str, ...], out: Path | None,
         as_json: bool, write: bool, quiet: bool = False, verbose: bool = False, force: bool = False,
         draft: bool = False, longer: float = 0.0) -> None:
    project: Path = ctx.obj["project"]
    ctx.obj["json"] = as_json
    booklet = load_booklet(project)
    wanted = list(langs) or list(booklet.spec.languages)
    known(wanted, list(booklet.spec.languages), "edition")
    known(variants, list(booklet.variants), "variant")
    out_dir = out if out is not None else project / "build"

    chosen = list(dict.fromkeys(variants)) or None
    progress = progress_for(quiet or as_json, len(wanted) * len(chosen or booklet.variants))
    try:
        with showing_notes(verbose and not as_json):  # cache entries made again (notes.py)
            if write and not draft:
                report = build_changed(booklet, wanted, out_dir, progress, variants=chosen, force=force)
            else:  # a check, or a draft (never recorded as up to date: its texts are not the language's)
                report = build_all(booklet, wanted, out_dir, progress, variants=chosen, write=write,
                                   draft=draft, longer=longer)
    finally:
        progress.close()
    if as_json:
        click.echo(json.dumps(report_json(report, Path.cwd()), indent=2, ensure_ascii=False))
    else:
        print_report(report, quiet, verbose)
        if longer:
            click.echo(f"(every text was made {longer:.0%} longer by a pseudo-translation)")
    if not report.ok:
        ctx.exit(1)


for _command in COMMANDS:  # serve, proofs, new (loopcli.py)
    main.add_command(_command)


if __name__ == "__main__":
    sys.exit(main())
