"""The training loop: a compiled network, a dataset bundle, settings → events.

Batches are taken with a seeded permutation from the bundle's images (uint8, held in
memory or streamed a few batches ahead, see :mod:`engine.data.images`) and normalised
on the device; no DataLoader. ``run`` blocks; the command line calls it directly, the
window in a child process (:mod:`engine.training.remote`, or in a worker thread where
no process can start). ``stop``, ``pause``, ``resume`` and ``set_probe`` may be called
from any thread; the flags are checked at every step.

Fine-tuning (:mod:`engine.training.finetune`): frozen blocks, starting weights, a lower
learning rate for them. Continuing after Stop (:mod:`engine.training.resume`): every
``last.pt`` can carry on exactly where the run was.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from engine.compiler import CompiledModel
from engine.data.bundle import DatasetBundle
from engine.training.artifacts import probe_activations
from engine.training.config import TrainConfig
from engine.training.events import (
    COMPLETED,
    DIVERGED,
    FAILED,
    STOPPED,
    EpochEvent,
    FinishedEvent,
    ProbeEvent,
    StepEvent,
)
from engine.training.execution import (
    ExecutionPlan,
    augment_batch,
    execution_plan,
    resolve_device,
)
from engine.training.finetune import (
    Freezer,
    frozen_module_names,
)
from engine.training.messages import (
    failure_message,
)
from engine.training.optim import lr_factor, set_lr
from engine.training.outcome import RunOutcome, _Diverged
from engine.training.resume import Position
from engine.training.setup import RunSetup

log = logging.getLogger(__name__)

STEP_EVENT_INTERVAL = 0.1  # seconds between StepEvents
PROBE_INTERVAL = 0.5  # at most two probes a second (the viewer redraws twice a second)


@dataclass
class _Tally:
    """Counters of one run."""

    global_step: int = 0
    samples: int = 0
    train_seconds: float = 0.0
    eval_seconds: float = 0.0
    epochs_done: int = 0
    best_accuracy: float = -1.0
    last_emit: float = 0.0
    last_probe: float = 0.0
    partial_loss: float = math.nan


class Trainer(RunSetup, RunOutcome):
    """Trains ``compiled.module`` on ``data`` with ``config``, reporting through ``on_event``.

    The parameters are re-initialised from ``config.seed`` (unless ``reinitialise`` is
    False, to continue from the current weights), so a run depends only on the seed:
    the same seed gives the same metrics, and pausing doesn't change the result (bit for
    bit on a CPU with the same thread count; on a GPU cuDNN's autotuned kernels may
    differ in the last bits). ``initial_state`` (starting weights: imported, or a past
    run's) is loaded over the fresh weights where names and shapes match; blocks whose
    node in ``graph`` is not ``trainable`` are frozen. ``resume`` (a ``last.pt``
    payload) continues a stopped run where it was. ``checkpoint_dir`` receives
    ``last.pt`` every epoch and at a stop, and ``best.pt`` (highest validation
    accuracy). ``graph`` (or ``graph_json``) is stored in checkpoints and lets the probe
    tell the Input from the Output. ``plan`` overrides :func:`execution_plan` (tests run
    the CUDA code paths on a CPU with it); ``threads`` fixes the CPU thread count.
    """

    def __init__(
        self,
        compiled: CompiledModel,
        data: DatasetBundle,
        config: TrainConfig,
        on_event,
        checkpoint_dir: Path | str | None = None,
        *,
        leave_one_core: bool = False,
        graph=None,
        graph_json: str | None = None,
        reinitialise: bool = True,
        plan: ExecutionPlan | None = None,
        initial_state=None,
        resume: dict | None = None,
        threads: int | None = None,
    ):
        self.compiled = compiled
        self.model = compiled.module
        self.data = data
        self.config = config
        self.checkpoint_dir = Path(checkpoint_dir) if checkpoint_dir is not None else None
        self._on_event = on_event
        self._leave_one_core = leave_one_core
        self._reinitialise = reinitialise
        self._plan_override = plan
        self._initial_state, self._resume, self._threads = initial_state, resume, threads
        self._node_types: dict[str, str] = {}
        if graph is not None:
            from engine import fileformat

            graph_json = graph_json or fileformat.dumps(graph)
            self._node_types = {nid: node.type for nid, node in graph.nodes.items()}
        self._graph_json = graph_json
        self._freezer = Freezer(self.model, frozen_module_names(compiled, graph))
        self._stop = threading.Event()
        self._running = threading.Event()
        self._running.set()
        self._lock = threading.Lock()
        self._probe: tuple[str, int] | None = None
        self._probe_dirty = False
        self._paused_seconds = 0.0
        self._last_epoch: EpochEvent | None = None
        self._history: list[dict] = []
        self._tally = _Tally()
        self._position = Position()
        self._pretrained: set[str] = set()  # parameters from starting weights (setup)
        self._t0 = time.perf_counter()
        self.plan: ExecutionPlan | None = None

    # ------------------------------------------------------------------ control
    def stop(self) -> None:
        """End the run at the next step (within a fraction of a second)."""
        self._stop.set()
        self._running.set()

    def pause(self) -> None:
        """Hold before the next step until :meth:`resume` (or :meth:`stop`)."""
        if not self._stop.is_set():
            self._running.clear()

    def resume(self) -> None:
        self._running.set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def set_probe(self, node_id: str | None, sample_index: int = 0) -> None:
        """Watch ``node_id``'s output for validation sample ``sample_index`` (None: off)."""
        with self._lock:
            self._probe = None if node_id is None else (node_id, int(sample_index))
            self._probe_dirty = True

    # ------------------------------------------------------------------ run
    def run(self) -> FinishedEvent:
        """Train to the end, a stop, divergence or an error; never raises."""
        self._t0 = time.perf_counter()
        threads = torch.get_num_threads()
        self._flushing_denormals = False
        try:
            finished = self._train()
        except _Diverged as d:
            finished = self._finish(DIVERGED, self._diverged_message(d))
        except Exception as exc:  # noqa: BLE001 - reported as a failed run, never raised
            log.warning("training failed", exc_info=True)  # the trace goes to the log only
            finished = self._finish(FAILED, failure_message(exc))
        finally:
            torch.set_num_threads(threads)
            self._freezer.release()
            if self._flushing_denormals:
                torch.set_flush_denormal(False)
        try:
            self._on_event(finished)
        except Exception:  # noqa: BLE001 - the caller's handler must not undo the result
            log.exception("the FinishedEvent handler raised")
        return finished

    def _train(self) -> FinishedEvent:
        cfg = self.config
        self.plan = self._plan_override or execution_plan(cfg, resolve_device(cfg.device))
        self._check_fit()
        self._setup(self.plan)
        start = self._position
        for epoch in range(start.epoch, cfg.epochs + 1):
            if not self._train_epoch(epoch, start) or not self._end_epoch(epoch):
                self._save_stop_point()
                return self._finish(STOPPED, self._stopped_message())
        return self._finish(COMPLETED, self._completed_message())

    def _train_mode(self) -> None:
        self.model.train()
        self._freezer.hold_norms()

    # ------------------------------------------------------------------ one epoch
    def _train_epoch(self, epoch: int, start: Position) -> bool:
        """One pass over the training data; False if stopped meanwhile."""
        cfg, tally, plan = self.config, self._tally, self.plan
        self._train_mode()
        self._epoch_start = time.perf_counter()
        self._epoch_paused = self._paused_seconds
        resumed = start.epoch == epoch
        order_state = self._perm_gen.get_state()
        perm = torch.randperm(len(self._train_x), generator=self._perm_gen)
        first = start.step if resumed else 0
        sums = [
            torch.tensor(start.loss_sum if resumed else 0.0, device=plan.device),
            torch.tensor(start.correct if resumed else 0, dtype=torch.int64, device=plan.device),
        ]
        seen = start.seen if resumed else 0
        total, warmup = cfg.epochs * self._steps, int(round(cfg.warmup_epochs * self._steps))
        batches = self._batches(perm, first)
        try:
            for step in range(first, self._steps):
                if not self._hold():
                    self._position = Position(
                        epoch, step, sums[0].item(), int(sums[1].item()), seen, order_state
                    )
                    return False
                started = time.perf_counter()
                set_lr(
                    self._optimizer,
                    cfg.lr * lr_factor(cfg.schedule, tally.global_step, total, warmup),
                )
                xb, yb = self._augmented(*next(batches))
                loss, out = self._step(xb, yb)
                sums[0] += loss.detach().float() * len(yb)  # on the device: no sync
                sums[1] += (out.detach().argmax(1) == yb).sum()
                seen += len(yb)
                tally.global_step += 1
                tally.samples += len(yb)
                self._after_step(epoch, step + 1, loss, (sums[0], seen), started)
        finally:
            batches.close()
        self._position = Position(
            epoch, self._steps, sums[0].item(), int(sums[1].item()), seen, order_state
        )
        lr = cfg.lr * lr_factor(cfg.schedule, max(0, tally.global_step - 1), total, warmup)
        self._epoch_train = (sums[0].item() / max(1, seen), sums[1].item() / max(1, seen), lr)
        return True

    def _batches(self, perm: torch.Tensor, first: int):
        """The epoch's batches from step ``first``: (normalised images, labels) on the
        device. Small data held in memory were normalised once (:meth:`_setup`); others
        are read a batch at a time, a few ahead, and normalised here."""
        device, b = self.plan.device, self._batch
        chunks = [perm[s * b : (s + 1) * b] for s in range(first, self._steps)]
        labels = self._labels[0]
        if self._resident is not None:
            for idx in chunks:
                idx = idx.to(device, non_blocking=True)
                yield torch.index_select(self._resident, 0, idx), torch.index_select(labels, 0, idx)
            return
        raws = self._train_x.batches(idx.numpy() for idx in chunks)
        try:
            for idx, raw in zip(chunks, raws):
                xb = self._train_x.normalise(raw.to(device, non_blocking=True))
                yield xb, torch.index_select(labels, 0, idx.to(device, non_blocking=True))
        finally:
            raws.close()

    def _augmented(self, xb: torch.Tensor, yb: torch.Tensor):
        if self.config.augment:
            xb = augment_batch(xb, self._aug_gen)
        if self.plan.channels_last:
            xb = xb.contiguous(memory_format=torch.channels_last)
        return xb, yb

    def _after_step(
        self,
        epoch: int,
        step: int,
        loss: torch.Tensor,
        loss_sum: tuple[torch.Tensor, int],
        started: float,
    ) -> None:
        """Check for divergence, count the time, report progress and probe when due.

        ``loss_sum`` is (sum of the epoch's sample losses, samples); its mean is taken
        only when reporting. On a CPU the loss is checked every step (reading it is
        free); on a GPU reading it waits for the device, so only every 50 steps and
        when reporting.
        """
        tally = self._tally
        every = 1 if self.plan.device.type == "cpu" else 50
        if step % every == 0 and not math.isfinite(loss.item()):
            raise _Diverged(epoch, step, loss.item())
        report = step == self._steps or time.perf_counter() - tally.last_emit >= STEP_EVENT_INTERVAL
        if report:
            tally.partial_loss = loss_sum[0].item() / loss_sum[1]
            if not math.isfinite(tally.partial_loss):
                raise _Diverged(epoch, step, tally.partial_loss)
        now = time.perf_counter()
        tally.train_seconds += now - started
        if report:
            tally.last_emit = now
            self._emit_step(epoch, step)
        if self._probe is not None and now - tally.last_probe >= PROBE_INTERVAL:
            self._probe_now()

    def _step(self, xb: torch.Tensor, yb: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        cfg = self.config
        with self._autocast():
            out = self._forward(xb)
            loss = F.cross_entropy(out.float(), yb, label_smoothing=cfg.label_smoothing)
        self._optimizer.zero_grad(set_to_none=True)
        if self._scaler is not None:
            self._scaler.scale(loss).backward()
            if cfg.grad_clip > 0:
                self._scaler.unscale_(self._optimizer)
                torch.nn.utils.clip_grad_norm_(self.model.parameters(), cfg.grad_clip)
            self._scaler.step(self._optimizer)
            self._scaler.update()
        else:
            loss.backward()
            if cfg.grad_clip > 0:
                torch.nn.utils.clip_grad_norm_(self.model.parameters(), cfg.grad_clip)
            self._optimizer.step()
        return loss, out

    def _end_epoch(self, epoch: int) -> bool:
        started = time.perf_counter()
        result = self._evaluate()
        if result is None:
            return False
        self._tally.eval_seconds += time.perf_counter() - started
        val_loss, val_accuracy = result
        train_loss, train_accuracy, lr = self._epoch_train
        self._tally.partial_loss = train_loss
        if not math.isfinite(val_loss):
            raise _Diverged(epoch, self._steps, val_loss)
        seconds = (
            time.perf_counter() - self._epoch_start - (self._paused_seconds - self._epoch_paused)
        )
        event = EpochEvent(
            epoch,
            self.config.epochs,
            train_loss,
            train_accuracy,
            val_loss,
            val_accuracy,
            lr,
            seconds,
        )
        self._last_epoch = event
        self._history.append(event.to_dict())
        self._tally.epochs_done = epoch
        self._position = Position(epoch + 1, 0, 0.0, 0, 0, self._perm_gen.get_state())
        self._emit(event)
        self._save_checkpoints(event)
        if self._probe is not None:
            self._probe_now()
        return True

    def _evaluate(self) -> tuple[float, float] | None:
        """Validation loss and accuracy in eval mode; None if stopped meanwhile."""
        plan = self.plan
        val_x, val_y = self._val_x, self._labels[1]
        batch = 2 * self._batch  # no gradients kept: twice the training batch fits
        loss_sum = torch.zeros((), device=plan.device)
        correct = torch.zeros((), dtype=torch.int64, device=plan.device)
        starts = range(0, len(val_x), batch)
        batches = val_x.batches(np.arange(s, min(s + batch, len(val_x))) for s in starts)
        self.model.eval()
        try:
            with (
                torch.no_grad(),
                torch.autocast(
                    plan.device.type,
                    dtype=plan.autocast_dtype,
                    enabled=plan.autocast_dtype is not None,
                ),
            ):
                for start in starts:
                    if not self._hold():
                        return None
                    xb = val_x.normalise(next(batches).to(plan.device, non_blocking=True))
                    yb = val_y[start : start + batch]
                    if plan.channels_last:
                        xb = xb.contiguous(memory_format=torch.channels_last)
                    out = self._forward(xb).float()
                    loss_sum += F.cross_entropy(out, yb, reduction="sum")
                    correct += (out.argmax(1) == yb).sum()
        finally:
            batches.close()
            self._train_mode()
        n = max(1, len(val_x))
        return loss_sum.item() / n, correct.item() / n

    # ------------------------------------------------------------------ pause, probe, events
    def _hold(self) -> bool:
        """Wait while paused (serving probe requests); False once stopped."""
        if not self._running.is_set():
            paused_at = time.perf_counter()
            while not self._running.wait(0.05):
                if self._probe_dirty:
                    self._probe_now()
            self._paused_seconds += time.perf_counter() - paused_at
        return not self._stop.is_set()

    def _probe_now(self) -> None:
        with self._lock:
            probe, self._probe_dirty = self._probe, False
        self._tally.last_probe = time.perf_counter()
        if probe is None:
            return
        node_id, index = probe
        kind = self._node_types.get(node_id)
        if self._node_types and kind is None:
            return  # a node that no longer exists
        val_x = self._val_x
        index %= len(val_x)
        sample = val_x.normalise(val_x.raw([index]).to(self.plan.device))
        name = self.compiled.module_names.get(node_id)
        activation = probe_activations(self.model, sample, name, is_output=kind == "Output")
        self._freezer.hold_norms()  # probe_activations put every module back in train mode
        array = activation.float().contiguous().cpu().numpy()
        self._emit(ProbeEvent(node_id, array, index))

    def _emit(self, event: Any) -> None:
        self._on_event(event)

    def _emit_step(self, epoch: int, step: int) -> None:
        tally = self._tally
        rate = tally.samples / tally.train_seconds if tally.train_seconds > 0 else 0.0
        per_step = tally.train_seconds / max(1, tally.global_step)
        remaining = self.config.epochs * self._steps - tally.global_step
        eval_each = tally.eval_seconds / tally.epochs_done if tally.epochs_done else 0.0
        eta = remaining * per_step + (self.config.epochs - tally.epochs_done) * eval_each
        lr = self._optimizer.param_groups[0]["lr"] / self._optimizer.param_groups[0].get(
            "lr_scale", 1.0
        )
        self._emit(StepEvent(epoch, step, self._steps, tally.partial_loss, lr, rate, eta))
