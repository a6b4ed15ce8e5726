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

import contextlib
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
from engine.data.images import as_images
from engine.i18n import _, ngettext
from engine.training.artifacts import BEST, LAST, checkpoint_payload, probe_activations, save_atomic
from engine.training.config import TrainConfig
from engine.training.events import (
    COMPLETED,
    DIVERGED,
    FAILED,
    STOPPED,
    DataEvent,
    EpochEvent,
    FinishedEvent,
    NoticeEvent,
    ProbeEvent,
    StepEvent,
)
from engine.training.execution import (
    ExecutionPlan,
    augment_batch,
    count_macs,
    execution_plan,
    reinitialise,
    resolve_device,
    tune_backends,
)
from engine.training.finetune import (
    Freezer,
    fresh_notice,
    frozen_module_names,
    load_starting_weights,
    lr_scales,
)
from engine.training.messages import (
    TrainingSetupError,
    diverged_message,
    failure_message,
    fit_problem,
)
from engine.training.optim import build_optimizer, lr_factor, set_lr
from engine.training.resume import Position, check_resumable, restore, resume_state
from engine.training.threads import choose_threads, trial_step

log = logging.getLogger(__name__)

STEP_EVENT_INTERVAL = 0.1  # seconds between StepEvents
PROBE_INTERVAL = 0.5  # at most two probes a second (the viewer redraws twice a second)


class _Diverged(Exception):
    def __init__(self, epoch: int, step: int, value: float):
        self.epoch, self.step, self.value = epoch, step, value


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


class Trainer:
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

    def _setup(self, plan: ExecutionPlan) -> None:
        """Seed, weights, place model and data, build the optimizer; say where it runs."""
        cfg = self.config
        tune_backends(plan.device)
        loaded = self._starting_weights()
        self._freezer.freeze()
        layout = torch.channels_last if plan.channels_last else torch.preserve_format
        self.model.to(plan.device, memory_format=layout)
        data = self.data
        self._train_x, self._val_x = as_images(data.train_x), as_images(data.val_x)
        self._labels = [y.to(plan.device, non_blocking=True) for y in (data.train_y, data.val_y)]
        if not any(p.requires_grad for p in self.model.parameters()):
            raise TrainingSetupError(_("every block is frozen: make at least one trainable"))
        scales = lr_scales(self.model, loaded, cfg.pretrained_lr_factor)
        self._build_optimizer = lambda model: build_optimizer(
            model, cfg, plan.fused_optimizer, scales if model is self.model else None
        )
        self._optimizer = self._build_optimizer(self.model)
        self._scaler = torch.amp.GradScaler(plan.device.type) if plan.grad_scaler else None
        self._forward = self.model
        self._autocast = (  # a disabled torch.autocast still costs a step ~20 µs
            (lambda: torch.autocast(plan.device.type, dtype=plan.autocast_dtype))
            if plan.autocast_dtype is not None
            else contextlib.nullcontext
        )
        if plan.compile_backend:
            self._forward = torch.compile(self.model, backend=plan.compile_backend)
        n = len(self._train_x)
        self._batch = min(cfg.batch_size, n)
        self._steps = max(1, n // self._batch)  # the last partial batch is dropped
        self._perm_gen = torch.Generator().manual_seed(cfg.seed)
        self._aug_gen = torch.Generator().manual_seed(cfg.seed + 1)
        where = plan.describe()
        if plan.device.type == "cpu":
            where += self._cpu_setup()
        if self._resume is not None:
            self._restore(self._resume["resume"])
        self._train_mode()
        self._emit(NoticeEvent(_("training on {where}", where=where)))
        if data.storage is not None:
            storage = data.storage
            self._emit(
                DataEvent(
                    storage.kind, storage.memory_bytes, storage.disk_bytes, storage.describe()
                )
            )

    def _starting_weights(self) -> set:
        """Fresh seeded weights, then a resumed run's or the starting weights; returns
        the names of the parameters that came from starting weights."""
        if self._resume is not None:
            torch.manual_seed(self.config.seed)
            self.model.load_state_dict(self._resume["state_dict"], strict=True)
            return set()
        if not self._reinitialise:
            torch.manual_seed(self.config.seed)
            return set()
        reinitialise(self.model, self.config.seed)
        if self._initial_state is None:
            return set()
        loaded, fresh = load_starting_weights(self.model, self._initial_state)
        notice = fresh_notice(fresh)
        if notice:
            self._emit(NoticeEvent(notice))
        return loaded

    def _cpu_setup(self) -> str:
        """Flush denormals and choose the threads; the words for the notice."""
        # values below 1e-38 become 0, not slow "denormals" (Adam's squared gradients):
        # a LeNet step ~30% faster; deterministic; this thread only, until the end
        self._flushing_denormals = torch.set_flush_denormal(True)
        positions = torch.arange(self._batch)
        sample = self._train_x.normalise(self._train_x.raw(positions[:1]))
        macs = count_macs(self.model, sample) * 3 * self._batch
        how = ""
        threads = self._threads
        if threads is None:
            batch = self._train_x.normalise(self._train_x.raw(positions))
            labels = self._labels[0][: self._batch]
            trial = trial_step(self.model, batch, labels, self._build_optimizer)
            key = (self._batch, tuple(sample.shape), type(self.model).__name__)
            threads, how = choose_threads(macs, self._leave_one_core, trial, key)
        torch.set_num_threads(threads)
        count = ngettext("{n} thread", "{n} threads", threads)
        return f" ({count}{', ' + _('measured') if how else ''})"

    def _restore(self, resume: dict) -> None:
        check_resumable(resume, self._batch, self._steps, self.config.epochs)
        self._position = restore(self, resume)
        self._history = list(self._position.history)
        if self._history:
            self._last_epoch = EpochEvent(**self._history[-1])

    def _check_fit(self) -> None:
        problem = fit_problem(
            tuple(self.data.input_shape),
            tuple(self.compiled.input_shape),
            tuple(self.compiled.output_shape),
            self.data.num_classes,
            self.data.name,
        )
        if problem:
            raise TrainingSetupError(problem)

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
        b = self._batch
        batches = self._train_x.batches(
            perm[s * b : (s + 1) * b].numpy() for s in range(first, self._steps)
        )
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
                xb, yb = self._batch_at(next(batches), perm[step * b : (step + 1) * b])
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

    def _batch_at(self, raw: torch.Tensor, idx: torch.Tensor):
        plan = self.plan
        xb = self._train_x.normalise(raw.to(plan.device, non_blocking=True))
        yb = torch.index_select(self._labels[0], 0, idx.to(plan.device))
        if self.config.augment:
            xb = augment_batch(xb, self._aug_gen)
        if plan.channels_last:
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

    # ------------------------------------------------------------------ checkpoints
    def _payload(self, epoch: dict) -> dict:
        return checkpoint_payload(
            self.model,
            config=self.config.to_dict(),
            graph_json=self._graph_json,
            epoch=epoch,
            data=self.data,
            resume=resume_state(self, self._position),
        )

    def _save_checkpoints(self, event: EpochEvent) -> None:
        if self.checkpoint_dir is None:
            return
        try:
            self.checkpoint_dir.mkdir(parents=True, exist_ok=True)
            payload = self._payload(event.to_dict())
            save_atomic(payload, self.checkpoint_dir / LAST)
            if event.val_accuracy > self._tally.best_accuracy:
                self._tally.best_accuracy = event.val_accuracy
                payload["resume"]["best_accuracy"] = event.val_accuracy
                save_atomic(payload, self.checkpoint_dir / BEST)
        except OSError as exc:
            self._checkpoint_failed(exc)

    def _save_stop_point(self) -> None:
        """``last.pt`` where the run stopped, so Continue picks up from there."""
        if self.checkpoint_dir is None or self._tally.global_step == 0:
            return  # nothing trained in this run: the checkpoints are as they were
        try:
            self.checkpoint_dir.mkdir(parents=True, exist_ok=True)
            last = self._last_epoch.to_dict() if self._last_epoch else {"epoch": 0}
            save_atomic(self._payload(last), self.checkpoint_dir / LAST)
        except OSError as exc:
            self._checkpoint_failed(exc)

    def _checkpoint_failed(self, exc: OSError) -> None:
        self._emit(
            NoticeEvent(
                _(
                    "checkpoint not saved in {folder}: {error}",
                    folder=self.checkpoint_dir,
                    error=exc,
                )
            )
        )
        self.checkpoint_dir = None  # say it once, keep training

    # ------------------------------------------------------------------ the end
    def _finish(self, status: str, message: str) -> FinishedEvent:
        tally, last = self._tally, self._last_epoch
        metrics = {
            "epochs": tally.epochs_done,
            "train_loss": last.train_loss if last else tally.partial_loss,
            "val_loss": last.val_loss if last else math.nan,
            "val_accuracy": last.val_accuracy if last else math.nan,
            "seconds": round(time.perf_counter() - self._t0, 3),
            "samples_per_second": round(tally.samples / tally.train_seconds, 1)
            if tally.train_seconds > 0
            else 0.0,
            "status": status,
        }
        if status == DIVERGED:
            metrics["train_loss"] = math.nan
        return FinishedEvent(status, metrics, message)

    def _completed_message(self) -> str:
        last = self._last_epoch
        return _(
            "Trained {epochs} epochs in {seconds} s: validation accuracy {accuracy}, loss {loss}.",
            epochs=self.config.epochs,
            seconds=f"{time.perf_counter() - self._t0:.1f}",
            accuracy=f"{last.val_accuracy:.1%}",
            loss=f"{last.val_loss:.4f}",
        )

    def _stopped_message(self) -> str:
        done, total = self._tally.epochs_done, self.config.epochs
        if self._last_epoch:
            return _(
                "Stopped after {done} of {total} epochs (validation accuracy {accuracy}).",
                done=done,
                total=total,
                accuracy=f"{self._last_epoch.val_accuracy:.1%}",
            )
        return _("Stopped after {done} of {total} epochs.", done=done, total=total)

    def _diverged_message(self, d: _Diverged) -> str:
        return diverged_message(self.config.lr, d.epoch, d.step, d.value)
