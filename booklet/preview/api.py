"""The preview's JSON routes: the texts of a page, saving one, reviewing one, an edition's status.

Each function takes the `Preview` and the request's query or JSON body and
returns (HTTP status, JSON answer); server.py checks who asks (the Host of
every request; for a POST the page's token and origin) before calling them.
What they answer is in the README ("The JSON routes"):

    GET  /api/texts?lang=L&variant=V&page=N  the texts printed on page N, with their stories
    POST /api/text    {lang, key, text, version[, file_version]}  save a text (409 on a conflict,
                      422 refused)
    POST /api/review  {lang, key, state, note}    reviewed, or returned with a note
    GET  /api/status?lang=L                       counts by state, and per printed page

A language must be one of booklet.yaml's and a key one the booklet prints:
the file written is named by them (edits.py), never taken from the request.
Every edit holds the preview's edit lock; a save asks for a rebuild, which
waits for a build running now, so no saved word is left unbuilt.
"""

from __future__ import annotations

from typing import Any

from booklet.core.errors import BookletError
from booklet.core.report import TextPage
from booklet.preview.edits import EditRefused, file_version, review, save_text
from booklet.preview.state import Preview
from booklet.preview.texts import page_texts, status

Answer = tuple[int, dict[str, Any]]


def _error(status: int, message: str, **more: Any) -> Answer:
    return status, {"error": message, **more}


def get_texts(preview: Preview, query: dict[str, str]) -> Answer:
    lang, variant, page = query.get("lang", ""), query.get("variant", ""), query.get("page", "")
    booklet = preview.booklet
    with preview.changed:
        shown = preview.shown.get((lang, variant))
        found = (shown.generation, list(shown.text_pages), [list(f) for f in shown.page_files],
                 list(shown.findings)) if shown else None
    if booklet is None or found is None or lang not in booklet.spec.languages:
        return _error(404, f"the preview does not show the {lang or '?'} edition in {variant or '?'}")
    generation, pages, page_files, findings = found
    if not page.isdigit() or not 1 <= int(page) <= len(pages):
        return _error(404, f"no page {page or '?'} in the {lang} {variant} PDF shown")
    number = int(page)
    try:
        sources = preview.sources.read(booklet, lang)
    except BookletError as exc:
        return _error(422, str(exc))
    on_page = page_files[number - 1] if number <= len(page_files) else []
    return 200, {"lang": lang, "variant": variant, "page": number, "generation": generation,
                 "file_version": file_version(booklet, lang),
                 "texts": page_texts(sources, pages[number - 1], number, on_page, findings)}


def get_status(preview: Preview, query: dict[str, str]) -> Answer:
    lang = query.get("lang", "")
    booklet = preview.booklet
    if booklet is None or lang not in booklet.spec.languages:
        return _error(404, f"'{lang}' is not a language of this booklet")
    try:
        sources = preview.sources.read(booklet, lang)
    except BookletError as exc:
        return _error(422, str(exc))
    return 200, status(sources, _pages_of(preview, lang))


def _pages_of(preview: Preview, lang: str) -> list[TextPage]:
    """The text pages of the first variant of lang the preview shows ([] before it is built)."""
    with preview.changed:
        shown = next((s for (code, _), s in preview.shown.items() if code == lang and s.text_pages), None)
        return list(shown.text_pages) if shown else []


def _strings(body: Any, *names: str) -> list[str] | None:
    if not isinstance(body, dict) or not all(isinstance(body.get(n, ""), str) for n in names):
        return None
    return [body.get(n, "") for n in names]


def post_text(preview: Preview, body: Any) -> Answer:
    fields = _strings(body, "lang", "key", "text", "version")
    booklet = preview.booklet
    if fields is None:
        return _error(400, "send {lang, key, text, version} as strings")
    if booklet is None:
        return _error(503, "the booklet is not loaded yet: try again once it is built")
    lang, key, text, version = fields
    whole = body.get("file_version")
    if whole is not None and not isinstance(whole, str):
        return _error(400, "file_version is a string")
    with preview.edit_lock:
        try:
            answer = save_text(booklet, lang, key, text, version, preview.sources, whole)
        except EditRefused as refused:
            return _error(refused.status, refused.message,
                          **({"current": refused.current} if refused.current else {}))
        except BookletError as exc:  # the file could not be read or written
            return _error(422, str(exc))
    preview.rebuild_soon()
    return 200, answer


def post_review(preview: Preview, body: Any) -> Answer:
    fields = _strings(body, "lang", "key", "state", "note")
    booklet = preview.booklet
    if fields is None:
        return _error(400, "send {lang, key, state, note} as strings")
    if booklet is None:
        return _error(503, "the booklet is not loaded yet: try again once it is built")
    lang, key, state, note = fields
    with preview.edit_lock:
        try:
            sources, kept_in = review(booklet, lang, key, state, note, preview.sources)
        except EditRefused as refused:
            return _error(refused.status, refused.message)
        except BookletError as exc:
            return _error(422, str(exc))
    counted = status(sources, _pages_of(preview, lang))
    review_of = sources.states.get(key)
    return 200, {"key": key, "state": sources.state(key), "note": review_of.note if review_of else "",
                 "state_file": kept_in, "counts": counted["counts"], "pages": counted["pages"]}
