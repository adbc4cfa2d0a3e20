"""Editions side by side: each language built in its own process, as many at once as there are cores.

`each_edition()` takes the languages, a picklable function building one of
them (given the language and a progress callback) and the build's progress
callback; it returns the function's results in the order of the languages.
Workers come from a fork server that has imported booklet once, so a worker
starts in milliseconds; their progress messages and notes (notes.py) come
back through a queue and are told in this process.  Ctrl-C or SIGTERM stops the workers the same
way as a build in one process: each removes its half-written file.
"""

from __future__ import annotations

import logging
import logging.handlers
import multiprocessing
import os
import queue
import signal
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

from booklet.notes import LOGGER, forward_notes

Progress = Callable[[str, str], None]
T = TypeVar("T")

_PROGRESS: Any = None
"""In a worker: the queue its progress messages go back through."""


def cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def each_edition(langs: list[str], build: Callable[[str, Progress], T], progress: Progress,
                 workers: int | None = None) -> list[T]:
    """build(lang, progress) for every language, in parallel when there are several (see module)."""
    count = min(len(langs), workers or cores())
    if count <= 1:
        return [build(lang, progress) for lang in langs]
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["booklet.worker"])
    messages = context.Queue()
    pool = ProcessPoolExecutor(count, mp_context=context, initializer=_start_worker, initargs=(messages,))
    try:
        futures = [pool.submit(_in_worker, build, lang) for lang in langs]
        _relay(messages, futures, progress)
        results = [future.result() for future in futures]
    except BaseException:
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()  # SIGTERM: the worker stops as a build stopped by Ctrl-C does
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()
    return results


def _relay(messages: Any, futures: list[Future[Any]], progress: Progress) -> None:
    """Tell the workers' progress here until every one is done."""
    while True:
        done = all(f.done() for f in futures)
        try:
            while True:
                message = messages.get(timeout=0 if done else 0.1)
                if isinstance(message, logging.LogRecord):
                    LOGGER.handle(message)  # a worker's note: shown here under --verbose
                else:
                    progress(*message)
        except queue.Empty:
            pass
        if done:
            return


def _start_worker(messages: Any) -> None:
    global _PROGRESS
    _PROGRESS = messages
    forward_notes(logging.handlers.QueueHandler(messages))

    def interrupt(_signal: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def _told(label: str, step: str) -> None:
    _PROGRESS.put((label, step))


def _in_worker(build: Callable[[str, Progress], T], lang: str) -> T:
    return build(lang, _told)
