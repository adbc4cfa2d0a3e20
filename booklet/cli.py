"""The command line: `booklet build` and friends, for people who do not write Python."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from booklet import __version__
from booklet.build import Result, build_all
from booklet.config import load_booklet
from booklet.errors import BookletError, did_you_mean, relative


class BookletGroup(click.Group):
    """Shows BookletErrors as path:line:col lines and exits 1, with no traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BookletError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            problems = exc.problems()
            for problem in problems:
                click.secho(str(problem), err=True, fg="red")
            count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
            if exc.written:
                done = ", ".join(_shown(p) for p in exc.written)
                click.echo(f"{count}; written before it: {done}; no other PDF was updated "
                           "(any earlier PDF is still in place).", err=True)
            else:
                click.echo(f"{count}; no PDF was updated (any earlier PDF is still in place).",
                           err=True)
            if exc.rejected:
                click.echo(f"The layout that failed is in {_shown(exc.rejected)}, to look at.",
                           err=True)
            ctx.exit(1)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # a bug of ours or of a library: no traceback for users
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.secho(f"internal error: {type(exc).__name__}: {exc}", err=True, fg="red")
            click.echo("No PDF was updated. Run again with --debug to see where, and report it.",
                       err=True)
            ctx.exit(2)


@click.group(cls=BookletGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="booklet")
@click.option("--project", "-C", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="The booklet project folder (the one with booklet.yaml).")
@click.option("--debug", is_flag=True, help="Show Python tracebacks (for developers).")
@click.pass_context
def main(ctx: click.Context, project: Path, debug: bool) -> None:
    """Turn a booklet project (booklet.yaml, content/, layouts/, styles/, assets/)
    into press-ready PDFs.

    \b
    Start with:  booklet build
    """
    ctx.obj = {"project": project, "debug": debug}


@main.command()
@click.option("--lang", "-l", "langs", multiple=True, metavar="LANG",
              help="Build only this language edition (repeat for several). "
                   "Default: every language in booklet.yaml.")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the PDFs.  [default: build/ in the project]")
@click.pass_context
def build(ctx: click.Context, langs: tuple[str, ...], out: Path | None) -> None:
    """Build the PDF of every edition, or of the ones named with --lang.

    Each PDF is written as build/<slug>-<lang>-<variant>.pdf.  If anything is
    wrong (a typo in a page file, a missing photo, text that does not fit) the
    build stops, says where, and leaves the previous PDF untouched.
    """
    project: Path = ctx.obj["project"]
    booklet = load_booklet(project)
    wanted = list(langs) or list(booklet.spec.languages)
    for lang in wanted:
        if lang not in booklet.spec.languages:
            raise BookletError(f"'{lang}' is not a language of this booklet"
                               + did_you_mean(lang, booklet.spec.languages),
                               hint="languages: " + ", ".join(booklet.spec.languages))
    out_dir = out if out is not None else project / "build"
    started = time.perf_counter()
    results = build_all(booklet, wanted, out_dir,
                        lambda label, step: click.echo(f"  {label}: {step}…", err=True))
    _summary(results, time.perf_counter() - started)


def _summary(results: list[Result], seconds: float) -> None:
    for result in results:
        for warning in result.warnings:
            click.secho(f"warning: {warning}", err=True, fg="yellow")
    click.echo("")
    for r in results:
        standins = f", {r.standins} stand-in photo{'s' if r.standins > 1 else ''}" if r.standins else ""
        click.echo(f"{r.lang:<8}{r.variant:<7}{r.pages:>4} pages  {r.seconds:5.1f} s  "
                   f"{_shown(r.path)}{standins}")
    warnings = sum(len(r.warnings) for r in results)
    click.echo(f"Built {len(results)} PDF{'s' if len(results) != 1 else ''} in {seconds:.1f} s"
               + (f", {warnings} warning{'s' if warnings != 1 else ''}." if warnings else "."))


def _shown(path: Path) -> str:
    """A path as the user would type it from here."""
    return relative(path, Path.cwd())


if __name__ == "__main__":
    sys.exit(main())
