"""Colour profiles compressed once per process, not once per PDF.

pydyf, which writes WeasyPrint's PDFs, deflates every stream at zlib's level 9.
An ICC output profile is half a megabyte that compresses slowly at that level:
every print and proof PDF embeds it twice, the proof's sheets again, and
deflating it took more than a second of each such PDF's writing.  `pack_profiles`
is a WeasyPrint finisher that puts the profile streams in already deflated, with
the bytes pydyf would have written (the same level, the same dictionary order),
so a PDF is the same file as before, only sooner.  The deflated bytes are kept
by content, so a process that writes many PDFs (a build of every edition, the
preview, a test run) deflates each profile once.
"""

from __future__ import annotations

import functools
import zlib
from typing import Any

import pydyf

LEVEL = 9
"""pydyf's level: the same bytes as a stream it deflates itself."""


def pack_profiles(_document: Any, pdf: pydyf.PDF) -> None:
    """WeasyPrint finisher: every ICC profile stream of the PDF, deflated from the memo."""
    for item in pdf.objects:
        if (isinstance(item, pydyf.Stream) and item.compress and list(item.extra) == ["N"]
                and len(item.stream) == 1 and isinstance(item.stream[0], bytes)):
            item.stream = [deflated(item.stream[0])]
            item.extra["Filter"] = "/FlateDecode"
            item.compress = False


@functools.lru_cache(maxsize=8)
def deflated(data: bytes) -> bytes:
    """data deflated as pydyf deflates a stream."""
    packer = zlib.compressobj(level=LEVEL)
    return packer.compress(data) + packer.flush()
