"""Review states written before they fingerprinted the translation (version 1): what they signed off.

A version-1 entry, `{state: reviewed, english: 3f2a9c1d}`, says which English
a text was reviewed against but not which translation.  `signed_off()`
takes the booklet and a language and returns, by key, the translation each
entry is taken to have signed off:

1. when the project is a git checkout and the state file is committed with
   no change since, the language file as it was in the last commit that
   changed the state file: booklet wrote the two together (`mark`,
   `import`), so a text edited in a later commit is *edited after review*;
2. else (no git, the state file new or changed and not committed yet) the
   language file as it is now: nothing tells an edit apart, so every
   sign-off is kept.

Nothing is lost either way: a text unchanged since stays reviewed, and the
next `booklet i18n mark` or `import` writes the file in the new form.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from booklet.core.errors import BookletError
from booklet.project.config import Booklet

GIT_SECONDS = 10.0
"""How long git may take to answer (it takes milliseconds)."""


def signed_off(booklet: Booklet, lang: str) -> dict[str, str]:
    """The translation each version-1 state of lang is taken to have signed off, by key."""
    from booklet.content.edition import texts_of
    from booklet.project.yamlfile import parse_yaml

    shown = f"content/lang/{lang}.yaml"
    text = _committed_with_states(booklet.root, lang)
    try:
        if text is None:
            path = booklet.lang_dir / f"{lang}.yaml"
            text = path.read_text(encoding="utf-8") if path.is_file() else ""
        texts = texts_of(parse_yaml(text, shown)) if text.strip() else None
    except (BookletError, OSError, UnicodeDecodeError):
        return {}  # an unreadable file is told by the commands that read it
    return {key: t.value for key, t in texts.by_key.items()} if texts else {}


def _committed_with_states(root: Path, lang: str) -> str | None:
    """The language file at the last commit of its state file, or None when git cannot say."""
    states, language = f"content/lang/{lang}.state.yaml", f"content/lang/{lang}.yaml"
    changed = _git(root, "status", "--porcelain", "--", states)
    if changed is None or changed.strip():
        return None  # not a checkout, or the state file is new or changed since its last commit
    commit = _git(root, "log", "-1", "--format=%H", "--", states)
    if not commit or not commit.strip():
        return None
    return _git(root, "show", f"{commit.strip()}:./{language}") or ""


def _git(root: Path, *args: str) -> str | None:
    """git's output in the project folder, or None when there is no answer."""
    git = shutil.which("git")
    if git is None:
        return None
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    try:
        done = subprocess.run([git, *args], cwd=root, env=environment, capture_output=True, text=True,
                              timeout=GIT_SECONDS, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None
