"""Signals on the command line: SIGINT, SIGTERM and SIGHUP all end a command cleanly.

The spec: "SIGINT, SIGTERM and SIGHUP end a run the same way: status "stopped", the
last line still printed, checkpoints and history written." Outside a training run,
:func:`terminations_interrupt` makes SIGTERM and SIGHUP behave like Ctrl-C (an
:class:`Interrupted` exception, which the command line turns into one line and the exit
status 128 + the signal's number) instead of killing the process without a word. While
a run trains, :func:`stop_on_signals` asks the trainer to stop after the current step
at the first signal, and interrupts at once at the second.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator

from engine.i18n import _

#: The signals that end a command, where the platform has them.
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class Interrupted(KeyboardInterrupt):
    """A signal ended the command; ``exit_status`` is the shell's 128 + its number."""

    def __init__(self, signum: int = signal.SIGINT):
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_status(self) -> int:
        return 128 + int(self.signum)


def signal_name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return str(signum)


@contextlib.contextmanager
def terminations_interrupt() -> Iterator[None]:
    """SIGTERM and SIGHUP raise :class:`Interrupted` in the main thread, like Ctrl-C."""

    def interrupt(signum, frame):
        raise Interrupted(signum)

    with _handling([s for s in STOP_SIGNALS if s != signal.SIGINT], interrupt):
        yield


@contextlib.contextmanager
def stop_on_signals(
    stop: Callable[[], None], say: Callable[[str], None]
) -> Iterator[Callable[[], int | None]]:
    """The first signal calls ``stop()`` (after telling the user through ``say``); a
    second one raises :class:`Interrupted`. Yields a function giving the first signal's
    number, or None while none came."""
    received: list[int] = []

    def on_signal(signum, frame):
        received.append(signum)
        if len(received) > 1:
            raise Interrupted(signum)
        if signum == signal.SIGINT:
            say(_("stopping after this step (Ctrl-C again to quit at once)"))
        else:
            say(_("{signal}: stopping after this step", signal=signal_name(signum)))
        stop()

    with _handling(STOP_SIGNALS, on_signal):
        yield lambda: received[0] if received else None


@contextlib.contextmanager
def _handling(signums, handler) -> Iterator[None]:
    """Install ``handler`` for ``signums`` (main thread only), then restore the old ones."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    try:
        for signum in signums:
            previous[signum] = signal.signal(signum, handler)
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old if old is not None else signal.SIG_DFL)
