"""Training in a child process: what the window uses, so the GUI never slows the trainer.

A trainer in a thread of the GUI process shares the interpreter's lock with the event
loop: every time the window wakes (a timer, a repaint, a mouse move) it can take the
lock from the training thread. :class:`ProcessTrainer` runs the same
:class:`~engine.training.Trainer` in a child process instead and has the same
controls (``run``, ``stop``, ``pause``, ``resume``, ``set_probe``, ``paused``,
``model``, ``compiled``):

- The child gets the graph (as project JSON: it compiles the same module, with the
  same names), the settings, and the data and the model's parameters as tensors in
  **shared memory** (no copy of the data set; the child trains the very parameters
  the window's model holds, so the kernel viewer sees them change live and the
  trained weights are in the window's model when the run ends). On a GPU the child
  trains copies on the device and writes them back at every epoch and at the end.
- The child's events come back over a pipe and go to ``on_event`` in the calling
  thread; commands go the other way and a thread in the child applies them.
- A child that fails raises :class:`TrainingProcessError` here, with its traceback;
  a child that dies (killed, out of memory, a crash in native code) does too, and
  the window lives on. A child whose parent dies stops training and exits.

On Linux the children fork from a *forkserver* that has torch and the trainer
imported already (:func:`warm_up` starts it in the background), so a run starts in
milliseconds, not the seconds an ``import torch`` takes; elsewhere they are spawned.
"""

from __future__ import annotations

import contextlib
import logging
import math
import multiprocessing
import threading
import time
import traceback
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

from engine import i18n
from engine.i18n import _, ngettext
from engine.logfile import current_log_file, logging_to_file
from engine.training.config import TrainConfig
from engine.training.events import METRIC_KEYS, STOPPED, EpochEvent, FinishedEvent, StepEvent
from engine.training.messages import error_text

log = logging.getLogger(__name__)

#: After Stop, how long the child gets to end its step before it is terminated (s).
STOP_GRACE_S = 5.0
#: Step events are sent to the window at most this often, the ones between together (s).
STEP_BATCH_S = 0.25
#: How long to wait for the child to exit once it has reported the end (s).
EXIT_WAIT_S = 2.0
#: Modules the forkserver imports once, so that every child starts with them loaded
#: (torch._dynamo: torch's optimisers import it on first use, 2-3 s).
PRELOAD = ["engine.training.remote", "engine.training.trainer", "engine.compiler", "torch._dynamo"]

_context_lock = threading.Lock()
_context = None


class TrainingProcessError(RuntimeError):
    """The training process failed or ended unexpectedly; ``details`` is its traceback."""

    def __init__(self, message: str, details: str = ""):
        super().__init__(message)
        self.details = details


class ProcessStartError(TrainingProcessError):
    """No training process could be started (or given its run): nothing was trained."""


def start_method() -> str:
    """``forkserver`` where there is one (Linux, macOS), else ``spawn`` (Windows)."""
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def context():
    """The multiprocessing context children are started with (torch's, for shared tensors)."""
    global _context
    with _context_lock:
        if _context is None:
            import torch.multiprocessing  # registers the shared-memory tensor pickling

            method = start_method()
            ctx = torch.multiprocessing.get_context(method)
            if method == "forkserver":
                ctx.set_forkserver_preload(PRELOAD)
            _context = ctx
        return _context


def warm_up() -> None:
    """Start the forkserver now (it imports torch: seconds) so the first run starts at once.

    Safe to call from any thread and more than once; does nothing with ``spawn``.
    """
    ctx = context()
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


class ProcessTrainer:
    """A :class:`~engine.training.Trainer` in a child process, driven from this one.

    ``compiled`` is the window's CompiledModel (on the CPU): its parameters move to
    shared memory and the child trains them. ``graph`` is the Graph it was compiled
    from. The other arguments are the Trainer's. ``run`` blocks until the run ends and
    returns its FinishedEvent; the other methods may be called from any thread.
    """

    def __init__(
        self,
        compiled,
        data,
        config: TrainConfig,
        on_event,
        checkpoint_dir: Path | str | None = None,
        *,
        graph,
        leave_one_core: bool = True,
        initial_state=None,
        resume: dict | None = None,
    ):
        self.compiled = compiled
        self.model = compiled.module
        self.data, self.config, self.graph = data, config, graph
        self.checkpoint_dir = None if checkpoint_dir is None else str(checkpoint_dir)
        self.leave_one_core = leave_one_core
        self.initial_state, self.resume_from = initial_state, resume
        self._on_event = on_event
        self._lock = threading.Lock()
        self._control = None  # the pipe's sending end, once the child runs
        self._stopped_at: float | None = None
        self._paused = False
        self._probe: tuple[str | None, int] = (None, 0)
        self.process = None

    # ------------------------------------------------------------------ control
    def stop(self) -> None:
        with self._lock:
            if self._stopped_at is None:
                self._stopped_at = time.monotonic()
            self._paused = False
            self._send(("stop",))

    def pause(self) -> None:
        with self._lock:
            if self._stopped_at is None:
                self._paused = True
                self._send(("pause",))

    def resume(self) -> None:
        with self._lock:
            self._paused = False
            self._send(("resume",))

    @property
    def paused(self) -> bool:
        return self._paused

    def set_probe(self, node_id: str | None, sample_index: int = 0) -> None:
        with self._lock:
            self._probe = (node_id, int(sample_index))
            self._send(("probe", node_id, int(sample_index)))

    def _send(self, command: tuple) -> None:
        """Send a command if the child runs (else it goes out with the start payload)."""
        if self._control is None:
            return
        with contextlib.suppress(OSError):  # the child has ended: nothing left to control
            self._control.send(command)

    # ------------------------------------------------------------------ run
    def run(self) -> FinishedEvent:
        """Start the child, relay its events to ``on_event``, return its FinishedEvent.

        Raises :class:`ProcessStartError` when no child could be given the run (nothing
        was trained: the caller may train here instead), :class:`TrainingProcessError`
        when the child failed or died.
        """
        ctx = context()
        try:
            share_in_blocks(self.model)
            commands_in, commands_out = ctx.Pipe(duplex=False)
            events_in, events_out = ctx.Pipe(duplex=False)
            process = ctx.Process(
                target=child_main,
                args=(commands_in, events_out),
                name="convas-trainer",
                daemon=True,
            )
            process.start()
        except (OSError, RuntimeError) as exc:  # no shared memory, no processes left…
            raise ProcessStartError(
                _("the training process could not start: {error}", error=exc)
            ) from exc
        self.process = process
        commands_in.close()
        events_out.close()
        try:
            try:
                with self._lock:
                    commands_out.send(self._payload())
                    self._control = commands_out
            except (OSError, RuntimeError) as exc:
                raise ProcessStartError(
                    _("the training process could not start: {error}", error=exc)
                ) from exc
            return self._relay(events_in, process)
        finally:
            with self._lock:
                self._control = None
            commands_out.close()
            events_in.close()
            self._end(process)

    def _payload(self) -> dict[str, Any]:
        """What the child needs to train (the tensors travel as shared memory)."""
        from engine import fileformat

        return {
            "graph_json": fileformat.dumps(self.graph),
            "state": self.model.state_dict(),
            "data": self.data,
            "config": self.config.to_dict(),
            "checkpoint_dir": self.checkpoint_dir,
            "leave_one_core": self.leave_one_core,
            "initial_state": self.initial_state,
            "resume": self.resume_from,
            "probe": self._probe,
            "stopped": self._stopped_at is not None,
            "paused": self._paused,
            "language": i18n.get_language(),  # the child's notices and messages speak it too
            "log_file": current_log_file(),  # the child's records go to the parent's log
            "log_level": logging.getLogger().getEffectiveLevel(),
        }

    def _relay(self, events, process) -> FinishedEvent:
        last_epoch = None
        while True:
            ready = wait([events, process.sentinel], timeout=0.25)
            if events.poll():
                try:
                    message = events.recv()
                except EOFError:  # the child closed its end: the sentinel says why
                    message = []
                if isinstance(message, tuple) and message and message[0] == "error":
                    raise TrainingProcessError(message[1], message[2])
                batch = message if isinstance(message, list) else [message]
                for event in batch:
                    self._on_event(event)
                    if isinstance(event, FinishedEvent):
                        return event
                    if isinstance(event, EpochEvent):
                        last_epoch = event
                if batch:
                    continue
            if process.sentinel in ready or not process.is_alive():
                process.join(EXIT_WAIT_S)
                raise TrainingProcessError(died_message(process.exitcode))
            stopped_at = self._stopped_at
            if stopped_at is not None and time.monotonic() - stopped_at > STOP_GRACE_S:
                log.warning("the training process ignored Stop for %.0f s: ended", STOP_GRACE_S)
                process.kill()
                process.join(EXIT_WAIT_S)
                finished = unanswered_stop(last_epoch)
                self._on_event(finished)
                return finished

    @staticmethod
    def _end(process) -> None:
        process.join(EXIT_WAIT_S)
        if process.is_alive():
            process.kill()
            process.join(EXIT_WAIT_S)


def share_in_blocks(module) -> None:
    """Move ``module``'s parameters and buffers into shared memory, one block per dtype.

    Each becomes a view into its block, so handing the model to a child costs one file
    descriptor per dtype instead of one per tensor (densenet121 has 727 tensors; a
    desktop's limit is often 1,024 open files). Training in place through the views
    works as with separate tensors.
    """
    import torch

    groups: dict = {}
    seen: set[int] = set()
    for owner in module.modules():
        for kind in ("_parameters", "_buffers"):
            for name, tensor in getattr(owner, kind).items():
                if tensor is None or id(tensor) in seen:
                    continue
                seen.add(id(tensor))
                groups.setdefault(tensor.dtype, []).append((owner, kind, name, tensor))
    for dtype, members in groups.items():
        block = torch.empty(sum(t.numel() for *_, t in members), dtype=dtype).share_memory_()
        offset = 0
        for owner, kind, name, tensor in members:
            view = block[offset : offset + tensor.numel()].view(tensor.shape)
            view.copy_(tensor.detach())
            if kind == "_parameters":
                tensor.data = view  # the same Parameter object, now in the block
            else:
                owner._buffers[name] = view
            offset += tensor.numel()


def start_failed(exc: BaseException) -> str:
    return _("the training process could not start: {error}", error=exc)


def unanswered_stop(last_epoch) -> FinishedEvent:
    """The end of a run whose process was ended because it did not answer Stop."""
    nan = math.nan
    metrics = {key: nan for key in METRIC_KEYS}
    metrics.update(epochs=0, seconds=nan, samples_per_second=0.0, status=STOPPED)
    if last_epoch is not None:
        metrics.update(
            epochs=last_epoch.epoch,
            train_loss=last_epoch.train_loss,
            val_loss=last_epoch.val_loss,
            val_accuracy=last_epoch.val_accuracy,
        )
    return FinishedEvent(
        STOPPED,
        metrics,
        ngettext(
            "Stopped after {n} epoch (the training process did not answer Stop and "
            "was ended; the weights are those it had reached).",
            "Stopped after {n} epochs (the training process did not answer Stop and "
            "was ended; the weights are those it had reached).",
            metrics["epochs"],
        ),
    )


def died_message(exitcode: int | None) -> str:
    """Why the child is gone, in plain words."""
    import signal

    if exitcode is None or exitcode >= 0:
        return _(
            "The training process ended unexpectedly (exit code {code}). Your network is "
            "unchanged; try again.",
            code=exitcode,
        )
    try:
        name = signal.Signals(-exitcode).name
    except ValueError:
        name = f"signal {-exitcode}"
    if name == "SIGKILL":
        return _(
            "The training process was ended by {signal} (perhaps the system ran out of "
            "memory). Your network is unchanged; try again.",
            signal=name,
        )
    return _(
        "The training process was ended by {signal}. Your network is unchanged; try again.",
        signal=name,
    )


# ---------------------------------------------------------------------- the child
def child_main(commands, events) -> None:
    """The child process: receive the run, train, send every event back.

    Its log records go to the parent's log file (a failure's traceback too, as well as
    to the parent), never to the terminal."""
    try:
        payload = commands.recv()
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, never lost
        _report(events, exc)
        events.close()
        return
    with logging_to_file(payload.get("log_file"), payload.get("log_level")):
        try:
            trainer = _build(payload, events)
            listener = threading.Thread(
                target=_listen, args=(commands, trainer), name="convas-commands", daemon=True
            )
            listener.start()
            trainer.run()
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, never lost
            log.exception("training failed in the training process")
            _report(events, exc)
        finally:
            events.close()


def _report(events, exc: BaseException) -> None:
    with contextlib.suppress(OSError):  # the parent is gone: no one to tell
        events.send(("error", error_text(exc), traceback.format_exc()))


def _build(payload: dict[str, Any], events):
    """The Trainer of ``payload``, sending its events over ``events``."""
    from engine import fileformat
    from engine.compiler import compile_model
    from engine.training.trainer import Trainer

    i18n.set_language(payload.get("language", i18n.ENGLISH))
    graph = fileformat.loads(payload["graph_json"])
    compiled = compile_model(graph)
    shared = payload["state"]
    compiled.module.load_state_dict(shared, assign=True)  # train the parent's tensors
    model = compiled.module

    def sync() -> None:
        """Write weights trained elsewhere (a GPU) back into the shared tensors."""
        for name, tensor in model.state_dict().items():
            target = shared[name]
            if tensor.data_ptr() != target.data_ptr():
                target.copy_(tensor.detach().to("cpu"))

    pending: list = []  # step events not sent yet
    sent_at = [time.perf_counter()]

    def on_event(event) -> None:
        # Every message wakes the window's process, and the waking costs the trainer's
        # core a little: step events go out a few at a time, the others at once.
        pending.append(event)
        now = time.perf_counter()
        if isinstance(event, StepEvent) and now - sent_at[0] < STEP_BATCH_S:
            return
        if isinstance(event, (EpochEvent, FinishedEvent)):
            sync()  # the parent's model holds these weights when it reads the event
        events.send(pending[0] if len(pending) == 1 else list(pending))
        pending.clear()
        sent_at[0] = now

    trainer = Trainer(
        compiled,
        payload["data"],
        TrainConfig.from_dict(payload["config"]),
        on_event,
        payload["checkpoint_dir"],
        leave_one_core=payload["leave_one_core"],
        graph=graph,
        graph_json=payload["graph_json"],
        initial_state=payload.get("initial_state"),
        resume=payload.get("resume"),
    )
    node_id, index = payload["probe"]
    if node_id is not None:
        trainer.set_probe(node_id, index)
    if payload["paused"]:
        trainer.pause()
    if payload["stopped"]:
        trainer.stop()
    return trainer


def _listen(commands, trainer) -> None:
    """Apply the parent's commands; if the parent goes away, stop."""
    while True:
        try:
            command = commands.recv()
        except (EOFError, OSError):
            trainer.stop()
            return
        name = command[0]
        if name == "stop":
            trainer.stop()
        elif name == "pause":
            trainer.pause()
        elif name == "resume":
            trainer.resume()
        elif name == "probe":
            trainer.set_probe(command[1], command[2])
