"""Import PyTorch in the background once the window is up.

Importing torch takes seconds; the editor needs none of it (shape analysis is
analytic). The window appears first, then a plain thread imports torch so that
training and export find it ready; then it starts the server that training processes
fork from (:func:`engine.training.remote.warm_up`), so the first run starts at once.
"""

from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger(__name__)

_lock = threading.Lock()
_thread: threading.Thread | None = None
_error: BaseException | None = None
_seconds: float | None = None


def start() -> threading.Thread:
    """Start importing torch (once); returns the loader thread."""
    global _thread
    with _lock:
        if _thread is None:
            # Not a daemon: interpreter shutdown in the middle of an import can crash.
            _thread = threading.Thread(target=_load, name="convas-torch-loader")
            _thread.start()
        return _thread


def _load() -> None:
    global _error, _seconds
    began = time.perf_counter()
    try:
        import torch  # noqa: F401

        _seconds = time.perf_counter() - began
        log.info("PyTorch imported in the background in %.1f s", _seconds)
        _warm_up_trainer()
        _warm_up_fields()
    except BaseException as exc:  # noqa: BLE001  (reported when torch is needed)
        _error = exc
        log.warning("PyTorch failed to import: %s", exc)


def _warm_up_trainer() -> None:
    """Start the process that training runs fork from (it imports torch once, now)."""
    try:
        from engine.training.remote import warm_up

        warm_up()
    except Exception as exc:  # noqa: BLE001  (the first run starts it, or says why not)
        log.warning("could not start the training process server: %s", exc)


def _warm_up_fields() -> None:
    """Trace one composite block, so that receptive fields through them come at once."""
    try:
        from engine.teaching.receptive_inside import warm_up

        warm_up()
    except Exception as exc:  # noqa: BLE001  (the first field traces it, or has none)
        log.warning("could not warm up the receptive fields' tracer: %s", exc)


def is_ready() -> bool:
    """True once torch has been imported successfully."""
    return _thread is not None and not _thread.is_alive() and _error is None


def wait(timeout: float | None = None):
    """Block until torch is imported (starting it if needed) and return the module.

    Raises the import's error if it failed, ``TimeoutError`` if ``timeout`` runs out.
    """
    thread = start()
    thread.join(timeout)
    if thread.is_alive():
        raise TimeoutError("PyTorch is still loading")
    if _error is not None:
        raise _error
    import torch

    return torch
