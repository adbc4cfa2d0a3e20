"""Edition parity: the plan every edition follows, and the measures it is planned on.

A variant that lays out otherwise than print (the screen PDF: no bleed) keeps
the edition's print plan wherever its text fits.  English (the default
language) is planned first; `reference()` gives another
edition English's plan and the page each page file starts on, which the
planner (planner.py) keeps wherever the edition's text fits; an edition made
from another's words (sr-Cyrl from sr-Latn) takes that one's plan always.
`joint()` makes that possible: English is planned on what fits in every
edition, sr-Latn on what fits in sr-Latn and sr-Cyrl.
"""

from __future__ import annotations

from dataclasses import replace

from booklet.content.edition import Edition, make_edition
from booklet.content.editiontexts import edition_texts
from booklet.core.errors import BookletError
from booklet.fitting import copyfit
from booklet.fitting.planner import Reference
from booklet.fitting.trial import Fit
from booklet.layout.overflow import lengthened
from booklet.project.variants import Variant


def _like(edition: Edition, lang: str) -> Edition:
    """The edition in another language, its texts made as this one's (a pseudo-translation too)."""
    booklet = edition.booklet
    texts = edition_texts(booklet, lang, edition.pages)
    if edition.texts.growth:
        texts = lengthened(texts, edition.texts.growth)
    return make_edition(booklet, lang, edition.pages, texts)


def reference(edition: Edition, variant: Variant, cached: bool = False) -> Reference | None:
    """The plan the edition follows: for a variant that lays out otherwise than print (the screen
    PDF, with no bleed), the edition's print plan always, wherever its text fits, so its page files
    stand on the same pages as on paper; else the default language's (planned first), or, for an
    edition made from another's words (sr-Cyrl from sr-Latn), that one's always.  With
    cached=True only from kept trials (None when one is not kept)."""
    booklet = edition.booklet
    printed = _printed_otherwise(edition, variant)
    if printed is not None:
        return _following(edition, f"{edition.lang} print", edition, printed, cached, strict=True)
    source = booklet.spec.languages[edition.lang].derived_from
    lang = source or booklet.spec.default_language
    if lang == edition.lang or lang not in booklet.spec.languages:
        return None
    try:
        other = _like(edition, lang)
    except BookletError:  # the other edition says so in its own build; plan this one alone
        return None
    return _following(edition, lang, other, variant, cached, strict=bool(source))


def follows_default(edition: Edition, variant: Variant) -> bool:
    """Whether the edition's plan in variant is made to keep the default language's (an edition
    not made from another's words, in a variant planned on what fits in every edition)."""
    languages = edition.booklet.spec.languages
    return (edition.lang != edition.booklet.spec.default_language
            and languages[edition.lang].derived_from is None
            and _printed_otherwise(edition, variant) is None)


def _printed_otherwise(edition: Edition, variant: Variant) -> Variant | None:
    """The print variant, when variant lays out otherwise (its bleed or stylesheets), else None."""
    printed = edition.booklet.variants.get("print")
    if printed is None or (printed.bleed, printed.stylesheets) == (variant.bleed, variant.stylesheets):
        return None
    return printed


def _following(edition: Edition, name: str, other: Edition, variant: Variant, cached: bool,
               strict: bool) -> Reference | None:
    """other's plan in the variant, as the reference edition follows (None when it has none)."""
    try:
        if cached:
            found = copyfit.planned(other, variant)
            if found is None:
                return None
            plan, pages = found
        else:
            plan, choices = copyfit.copyfit(other, variant)
            pages = {c.page_file: c.pages for c in choices}
    except BookletError:  # the other edition says so in its own build; plan this one alone
        return None
    if not pages:
        return None
    starts = {path: numbers[0] for path, numbers in pages.items() if numbers}
    return Reference(name, {p.path: plan.get(p.path) for p in edition.pages}, starts, strict=strict)


def joint(edition: Edition, fits: list[Fit], variant: Variant, cached: bool = False) -> list[Fit]:
    """The fits of an edition, judged with those of the editions that follow its plan.

    English is planned first and the others keep its plan where their text fits:
    so English's plan avoids an arrangement any other edition runs over in,
    wherever it can (the same year on the same page in every edition).  An
    edition made from another's words (sr-Cyrl from sr-Latn) takes its plan
    always: there the blanker measure counts too.

    A variant that follows its print plan (the screen PDF) is judged alone: the
    print plan is already the one every edition keeps, and measuring every other
    edition's screen pages too doubled the trials of a one-edition build.
    """
    booklet = edition.booklet
    if _printed_otherwise(edition, variant) is not None:
        return fits
    first = edition.lang == booklet.spec.default_language
    for lang, language in booklet.spec.languages.items():
        derived = language.derived_from == edition.lang
        if lang == edition.lang or not (derived or first):
            continue
        theirs = _fits_of(edition, lang, variant, cached)
        if theirs is None:
            continue
        found = {(f.page_file, f.arrangement): f for f in theirs}
        fits = _fitting_somewhere([_both(f, found.get((f.page_file, f.arrangement)), derived)
                                   for f in fits], fits)
    return fits


def _fitting_somewhere(joined: list[Fit], mine: list[Fit]) -> list[Fit]:
    """The joined fits, except where they leave a page file no arrangement that fits although
    it has one of its own: there its own overflows count (another edition that runs over in
    all of them is told so in its own build, and this one need not run over too)."""
    stuck = {f.page_file for f in joined} - {f.page_file for f in joined if not f.overflow}
    own = {f.page_file for f in mine if not f.overflow}
    return [replace(j, overflow=m.overflow) if j.page_file in stuck & own else j
            for j, m in zip(joined, mine, strict=True)]


def _fits_of(edition: Edition, lang: str, variant: Variant, cached: bool) -> list[Fit] | None:
    """Another edition's fits (None when it cannot be laid out, or with cached=True is not kept)."""
    try:
        other = _like(edition, lang)
        trial = copyfit._trial(other, variant)
    except BookletError:  # that edition says so in its own build
        return None
    if trial is None:
        return None
    if not cached:
        return copyfit._fits(other, *trial)
    parts = copyfit._parts(trial[0], trial[2])
    kept = [copyfit._cached(other, p, e) for p, e in parts.entries.items()]
    return None if any(k is None for k in kept) else [f for k in kept for f in k or []]


def _both(mine: Fit, theirs: Fit | None, blank: bool) -> Fit:
    if theirs is None:
        return mine
    return replace(mine, overflow=mine.overflow or theirs.overflow,
                   blank=max(mine.blank, theirs.blank) if blank else mine.blank)
