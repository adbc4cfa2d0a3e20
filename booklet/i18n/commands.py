"""`booklet i18n`: the translator's commands — status, export, import, where, mark.

Each command reads the project as a build does and says what it found in
plain words; problems are BookletErrors, which the main group prints as
path:line:col lines.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from booklet.content.edition import load_pages, load_texts
from booklet.content.editiontexts import translation
from booklet.content.usage import pages_shown, text_uses
from booklet.core.errors import BookletError, did_you_mean
from booklet.i18n.po import export_po
from booklet.i18n.po_import import ImportReport, import_po
from booklet.i18n.reviewstate import Review, fingerprint, read_states, write_atomically, write_states
from booklet.i18n.status import CATEGORIES, SHOWN, LanguageStatus, language_status, printed_english
from booklet.pipeline.edition import printed_pages
from booklet.project.config import Booklet, load_booklet


@click.group()
def i18n() -> None:
    """Translations: what is missing or out of date, PO files for CAT tools, where a text is used."""


def _booklet(ctx: click.Context) -> Booklet:
    return load_booklet(ctx.find_root().obj["project"])


def _translated(booklet: Booklet, lang: str) -> None:
    """A BookletError unless lang is a language of the booklet other than the default."""
    choices = [code for code in booklet.spec.languages if code != booklet.spec.default_language]
    if lang not in choices:
        raise BookletError(f"'{lang}' is not a translated language of this booklet"
                           + did_you_mean(lang, choices), hint="languages: " + (", ".join(choices) or "none"))


@i18n.command()
@click.option("--lang", "-l", "lang", metavar="LANG", default=None, help="One edition, listing its texts.")
@click.option("--check", is_flag=True, help="Exit 1 when a text is missing, stale or refused by the build "
              "(or, with translations: {print: reviewed} in booklet.yaml, not reviewed).")
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON, for scripts.")
@click.pass_context
def status(ctx: click.Context, lang: str | None, check: bool, as_json: bool) -> None:
    """How far each translation is: missing, untranslated, stale, unreviewed and unused texts."""
    booklet = _booklet(ctx)
    langs = [lang] if lang else [c for c in booklet.spec.languages if c != booklet.spec.default_language]
    for code in langs:
        _translated(booklet, code)
    pages = load_pages(booklet)
    found = [language_status(booklet, code, pages) for code in langs]
    if as_json:
        click.echo(json.dumps([s.as_json() for s in found], indent=2, ensure_ascii=False))
    else:
        for one in found:
            for line in _status_lines(one, listed=lang is not None, check=check):
                click.echo(line)
    if check and not all(s.complete for s in found):
        ctx.exit(1)


def _status_lines(status: LanguageStatus, listed: bool, check: bool = False) -> list[str]:
    made = f", made from {status.derived_from}" if status.derived_from else ""
    done = status.total - len(status.missing)
    lines = [f"{status.lang} ({status.path}{made}): {done} of {status.total} texts translated, "
             f"{status.reviewed} reviewed"]
    for name in CATEGORIES:
        keys: list[str] = getattr(status, name)
        if not keys:
            continue
        fixed = (f" (in content/lang/{status.derived_from}.yaml, which it is made from)"
                 if status.derived_from and name in ("missing", "untranslated") else "")
        lines.append(f"  {SHOWN.get(name, name)}: {len(keys)}{fixed}")
        if listed:
            lines += [f"    {key}" for key in keys]
    if status.problems:  # always listed: each is a fix at a line
        lines.append(f"  refused by the build: {len(status.problems)}")
        lines += [f"    {problem}" for problem in status.problems]
    if status.terms:
        lines.append(f"  terms rendered otherwise than the termbase: {len(status.terms)}")
        if listed:
            lines += [f"    {term.where}: {term.message}" if term.where else f"    {term.message}"
                      for term in status.terms]
    if not listed and (status.terms or any(getattr(status, n) for n in CATEGORIES)):
        lines.append(f"  (booklet i18n status --lang {status.lang} lists them)")
    waiting = len(status.unreviewed) + len(status.edited) + len(status.returned)
    if check and status.print_needs_review and waiting:
        lines.append(f"  not ready for print: {waiting} text{'s' if waiting != 1 else ''} to review "
                     "(booklet.yaml asks for reviewed translations: translations: {print: reviewed})")
    return lines


@i18n.command("export")
@click.option("--lang", "-l", "lang", metavar="LANG", required=True, help="The language to export.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The PO file to write.  [default: build/<slug>-<lang>.po]")
@click.pass_context
def export(ctx: click.Context, lang: str, output: Path | None) -> None:
    """Write a gettext PO file of one language, for CAT tools (one message per text)."""
    booklet = _booklet(ctx)
    _translated(booklet, lang)
    target = output or ctx.find_root().obj["project"] / "build" / f"{booklet.spec.slug}-{lang}.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    data = export_po(booklet, lang)
    write_atomically(target, data.decode("utf-8"), str(target))
    click.echo(f"Wrote {target} ({data.count(b'msgctxt ')} texts).")


@i18n.command("import")
@click.argument("po_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", "-l", "lang", metavar="LANG", default=None,
              help="The language of the PO file, whatever its Language header says.")
@click.option("--overwrite", is_flag=True,
              help="Replace texts changed in the language file since the export, and reviewed ones.")
@click.pass_context
def import_(ctx: click.Context, po_file: Path, lang: str | None, overwrite: bool) -> None:
    """Write a PO file's translations into the language file, as drafts of the current English.

    A text changed in the language file since the PO was exported, or
    reviewed, is not replaced without --overwrite (each is told at the PO's
    line); one the PO left as it was exported keeps the file's newer words.
    """
    report = import_po(_booklet(ctx), po_file, str(po_file), lang, overwrite)
    for line in _import_lines(report):
        click.echo(line)


def _import_lines(r: ImportReport) -> list[str]:
    lines = [f"{r.path}: {len(r.added)} added, {len(r.changed)} changed, {r.unchanged} unchanged"
             + (f", {r.empty} left empty" if r.empty else "")]
    lines += [f"  added: {key}" for key in r.added] + [f"  changed: {key}" for key in r.changed]
    lines += [f"  overwritten (changed in the language file since the export, or reviewed): {key}"
              for key in r.overwritten]
    lines += [f"  kept the language file's newer words (changed since the export): {key}" for key in r.kept]
    lines += [f"  still fuzzy (stale until cleared): {key}" for key in r.fuzzy]
    lines += [f"  translated from an older English (stale): {key}" for key in r.older_english]
    lines += [f"  not a text of this booklet, skipped: {key}" for key in r.unknown]
    return lines


@i18n.command()
@click.argument("key")
@click.pass_context
def where(ctx: click.Context, key: str) -> None:
    """The page files and printed pages that use a text."""
    booklet = _booklet(ctx)
    uses = text_uses(load_pages(booklet))
    if key not in uses:
        english = printed_english(booklet, load_pages(booklet)).by_key
        if key in english:
            click.echo(f"{key}: a label the layouts print on several pages")
            return
        raise BookletError(f"no page uses the text '{key}'" + did_you_mean(key, uses))
    printed = printed_pages(booklet)
    for use in uses[key]:
        click.echo(f"{use.page_file}:{use.line}: {use.layout}, {use.field} "
                   f"({pages_shown(printed.get(use.page_file, ()))})")


@i18n.command()
@click.option("--lang", "-l", "lang", metavar="LANG", required=True)
@click.option("--reviewed", is_flag=True, help="Mark them reviewed (default: draft).")
@click.option("--all", "every", is_flag=True, help="Every text the language file has.")
@click.argument("keys", nargs=-1)
@click.pass_context
def mark(ctx: click.Context, lang: str, reviewed: bool, every: bool, keys: tuple[str, ...]) -> None:
    """Record texts as translated from the current English: draft, or --reviewed.

    KEYS may name groups (foreword.signature marks its name and role).  For a
    derived edition (sr-Cyrl) only the texts of its own file are marked here.
    """
    booklet = _booklet(ctx)
    _translated(booklet, lang)
    derived = booklet.spec.languages[lang].derived_from is not None
    # A derived edition's states are those of its source, but for its own file's texts.
    words = {k: t.value for k, t in (load_texts(booklet, lang) if derived else translation(booklet, lang))
             .by_key.items()}
    have = set(words)
    english = printed_english(booklet, load_pages(booklet)).by_key
    for wanted in keys:  # a typo is said as one, not as "nothing to mark"
        if not any(k == wanted or k.startswith(wanted + ".") for k in english):
            raise BookletError(f"unknown text key '{wanted}'" + did_you_mean(wanted, english))
    chosen = [k for k in have if k in english
              and (every or any(k == w or k.startswith(w + ".") for w in keys))]
    if not chosen:
        raise BookletError("no translated text to mark", hint="name keys or groups of keys, or use --all")
    states = read_states(booklet, lang)
    for key in chosen:
        source = english[key].value
        states[key] = Review("reviewed" if reviewed else "draft", fingerprint(source),
                             fingerprint(words[key]), source)
    write_states(booklet, lang, states)
    click.echo(f"Marked {len(chosen)} text{'s' if len(chosen) != 1 else ''} of {lang} "
               f"{'reviewed' if reviewed else 'draft'}.")
