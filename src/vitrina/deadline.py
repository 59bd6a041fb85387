"""Time limits on work whose length the content decides (issue 17: nothing hangs).

A template override with loops inside loops, or an output whose fitting takes far longer
than any real exhibition needs, is stopped after a set time with a message naming it,
instead of leaving a curator in front of a command that never ends. The limit is a
SIGALRM timer, so it works only in a process's main thread (the command itself, or a
build worker process); limits nest, an inner one handing the outer timer back its rest.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator


class TimeLimitExceeded(Exception):  # noqa: N818 (it is what happened, not a bug class)
    """Raised inside the limited work when its time is up."""


@contextlib.contextmanager
def time_limit(seconds: float, raised: type[Exception] = TimeLimitExceeded) -> Iterator[None]:
    """Raise ``raised`` in the work after ``seconds`` (in the main thread only; elsewhere
    the work runs unbounded). An outer limit that would end sooner stays in charge (and
    raises its own exception); one that would end later goes on afterwards with the time
    it had left, less the time spent here."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    remaining = signal.getitimer(signal.ITIMER_REAL)[0]
    if remaining and remaining <= seconds:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise raised

    previous = signal.signal(signal.SIGALRM, expire)
    started = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if remaining:  # an outer timer was running: let it go on with what it had left
            left = remaining - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))
