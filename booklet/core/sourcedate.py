"""The date a booklet's PDFs carry: the same on every machine that builds the same sources.

`source_date()` takes the project folder; returns an ISO 8601 date in UTC:

1. `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds
   convention), when set; a value that is not a whole number of seconds is
   an error, as the convention asks;
2. else the date of the last commit that touched the project folder, when it
   is a git checkout and git is there (`git log -1 --format=%ct -- .`);
3. else `FIXED_DATE`.

Never the time of the build, and never a file's modification time: a fresh
clone gives every file the time of the clone, so two clones of one commit
would carry different dates.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

from booklet.core.errors import BookletError

FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
"""The date of a project that is neither dated by SOURCE_DATE_EPOCH nor a git checkout."""
LATEST = 253402300799
"""23:59:59 on 31 December 9999: a PDF date has four digits for the year."""
GIT_SECONDS = 10.0
"""How long git may take to say when the last commit was (it takes milliseconds)."""


def source_date(root: Path) -> str:
    """When the sources were last committed (see the module), as ISO 8601 in UTC."""
    seconds = _from_environment()
    if seconds is None:
        seconds = _last_commit(root)
    when = FIXED_DATE if seconds is None else dt.datetime.fromtimestamp(seconds, dt.UTC)
    return when.isoformat()


def _from_environment() -> int | None:
    given = os.environ.get("SOURCE_DATE_EPOCH")
    if given is None or not given.strip():
        return None
    text = given.strip()
    if not text.isascii() or not text.isdigit() or int(text) > LATEST:
        raise BookletError(f"SOURCE_DATE_EPOCH is '{given}', not a date booklet can use",
                           hint="give the seconds since 1 January 1970 (UTC) as a whole number, "
                                "e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it")
    return int(text)


def _last_commit(root: Path) -> int | None:
    """The commit time of the last commit touching root, or None when there is no such answer."""
    git = shutil.which("git")
    if git is None:
        return None
    # Only this folder's own repository: variables that point git elsewhere are left out.
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    try:
        done = subprocess.run([git, "log", "-1", "--format=%ct", "--", "."], cwd=root, env=environment,
                              capture_output=True, text=True, timeout=GIT_SECONDS, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    answer = done.stdout.strip()
    if done.returncode != 0 or not answer.isdigit() or int(answer) > LATEST:
        return None  # not a checkout, no commit yet, the project not committed, or a git that refuses
    return int(answer)
