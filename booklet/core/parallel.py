"""Editions side by side: each language built in its own process, as many at once as there are cores.

`each_edition()` takes the languages, a picklable function building one of
them (given the language and a progress callback) and the build's progress
callback; it returns the function's results in the order of the languages.
Workers come from a fork server that has imported booklet once, so a worker
starts in milliseconds; their progress messages and notes (notes.py) come
back through a queue and are told in this process.  Ctrl-C or SIGTERM stops
the workers the same way as a build in one process: each removes its
half-written file.  So does setting `stop` (the preview's way to end a build
it runs in a thread).
"""

from __future__ import annotations

import logging
import logging.handlers
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

from booklet.core.notes import LOGGER, forward_notes

Progress = Callable[[str, str], None]
T = TypeVar("T")

STOP_SECONDS = 0.5
"""How long workers stopped with `stop` have to remove their half-written files."""

_PROGRESS: Any = None
"""In a worker: the queue its progress messages go back through."""
_BUILDING = False
"""In a worker: whether it is building an edition now (else it waits for one)."""


def cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def each_edition(langs: list[str], build: Callable[[str, Progress], T], progress: Progress,
                 workers: int | None = None, stop: threading.Event | None = None) -> list[T]:
    """build(lang, progress) for every language, in parallel when there are several (see module).

    Once stop is set, KeyboardInterrupt is raised here as soon as it is seen: between the
    steps of a build in this process, within 0.1 s with workers (stopped first).
    """
    count = min(len(langs), workers or cores())
    if stop is not None:
        progress = _stoppable(progress, stop)
    if count <= 1:
        return [build(lang, progress) for lang in langs]
    context = _context()
    messages = context.Queue()
    pool = ProcessPoolExecutor(count, mp_context=context, initializer=_start_worker, initargs=(messages,))
    try:
        futures = [pool.submit(_in_worker, build, lang) for lang in langs]
        _relay(messages, futures, progress, stop)
        results = [future.result() for future in futures]
    except BaseException:
        processes = list(getattr(pool, "_processes", {}).values())
        for process in processes:
            process.terminate()  # SIGTERM: the worker stops as a build stopped by Ctrl-C does
        if stop is not None and stop.is_set():
            _end_soon(processes)
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()
    return results


def _context() -> Any:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["booklet.pipeline.worker"])
    return context


def start_fork_server() -> None:
    """Have the process workers come from ready (booklet imported), before any build needs it.

    For the preview: a worker asked for while the fork server still imports booklet is forked
    only later, and one forked after the preview stopped would wait for work for ever.  A
    process with nothing to do is asked for first: whenever it comes, it ends at once.
    """
    ready = _context().Process(target=int, daemon=True)
    ready.start()
    ready.join()


def _end_soon(processes: list[Any]) -> None:
    """Give stopped workers STOP_SECONDS to clean up, then end them: the preview stops now."""
    deadline = time.monotonic() + STOP_SECONDS
    for process in processes:
        process.join(max(deadline - time.monotonic(), 0))
    for process in processes:  # a worker that took the SIGTERM waits for more work: none comes
        if process.is_alive():
            process.kill()


def _stoppable(progress: Progress, stop: threading.Event) -> Progress:
    def told(label: str, step: str) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        progress(label, step)
    return told


def _relay(messages: Any, futures: list[Future[Any]], progress: Progress,
           stop: threading.Event | None = None) -> None:
    """Tell the workers' progress here until every one is done (or stop is set)."""
    while True:
        if stop is not None and stop.is_set():
            raise KeyboardInterrupt
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
        if _BUILDING:
            raise KeyboardInterrupt  # the build removes its half-written file on the way out
        raise SystemExit  # waiting for work: nothing to clean up, and no traceback to print

    signal.signal(signal.SIGTERM, interrupt)
    sys.unraisablehook = _quiet_when_stopped  # this worker's own process


def _quiet_when_stopped(unraisable: Any) -> None:
    """A stop can land while the garbage collector runs a finaliser (WeasyPrint's font folders'
    __del__): Python would print that as an ignored exception with a traceback.  The stop is
    said once by the main process; anything else is printed as Python does."""
    if not isinstance(unraisable.exc_value, (KeyboardInterrupt, SystemExit)):
        sys.__unraisablehook__(unraisable)


def _told(label: str, step: str) -> None:
    _PROGRESS.put((label, step))


def _in_worker(build: Callable[[str, Progress], T], lang: str) -> T:
    global _BUILDING
    _BUILDING = True
    try:
        return build(lang, _told)
    finally:
        _BUILDING = False
