"""Getting a run ready: weights, frozen blocks, data, optimizer, threads, a resumed
position.

:class:`RunSetup` is a part of :class:`engine.training.trainer.Trainer` (a mixin).
"""

from __future__ import annotations

import contextlib

import numpy as np
import torch

from engine.data.images import as_images
from engine.i18n import _, ngettext
from engine.training.events import DataEvent, EpochEvent, NoticeEvent
from engine.training.execution import ExecutionPlan, count_macs, reinitialise, tune_backends
from engine.training.finetune import fresh_notice, load_starting_weights, lr_scales
from engine.training.messages import TrainingSetupError, fit_problem
from engine.training.optim import build_optimizer
from engine.training.resume import check_resumable, restore
from engine.training.threads import choose_threads, trial_step

#: In-memory data up to this size (as float32) are normalised once, on the device, and
#: batches are gathered from there: the cheapest step for small datasets.
RESIDENT_BYTES = 256 * 1024**2


def resident(images, device) -> torch.Tensor | None:
    """All of ``images`` normalised on ``device`` when they are held in memory and small;
    the same numbers as normalising each batch (the arithmetic is per element)."""
    nbytes = 4 * len(images) * int(torch.tensor(images.store.shape).prod())
    if images.store.kind != "memory" or nbytes > RESIDENT_BYTES:
        return None
    return images.normalise(images.raw(range(len(images))).to(device))


def data_event(storage, images, batch: int) -> DataEvent:
    """Where the images are; a streaming store also holds the batches it reads ahead."""
    ahead = getattr(images.store, "prefetch", 0)
    reading = (ahead + 1) * batch * int(np.prod(images.store.shape)) if ahead else 0
    memory = storage.memory_bytes + reading
    return DataEvent(storage.kind, memory, storage.disk_bytes, storage.describe(reading))


class RunSetup:
    """The set-up steps of a run (needs the Trainer's attributes)."""

    def _setup(self, plan: ExecutionPlan) -> None:
        """Seed, weights, place model and data, build the optimizer; say where it runs."""
        cfg = self.config
        tune_backends(plan.device)
        self._pretrained = loaded = self._starting_weights()
        self._freezer.freeze()
        layout = torch.channels_last if plan.channels_last else torch.preserve_format
        self.model.to(plan.device, memory_format=layout)
        data = self.data
        self._train_x, self._val_x = as_images(data.train_x), as_images(data.val_x)
        self._labels = [y.to(plan.device, non_blocking=True) for y in (data.train_y, data.val_y)]
        self._resident = resident(self._train_x, plan.device)
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
            self._emit(data_event(data.storage, self._train_x, self._batch))

    def _starting_weights(self) -> set:
        """Fresh seeded weights, then a resumed run's or the starting weights; returns
        the names of the parameters that came from starting weights."""
        if self._resume is not None:  # its pretrained part keeps its own learning rate
            torch.manual_seed(self.config.seed)
            self.model.load_state_dict(self._resume["state_dict"], strict=True)
            return set(self._resume.get("resume", {}).get("pretrained", []))
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

            def trial():
                batch = self._train_x.normalise(self._train_x.raw(positions))
                labels = self._labels[0][: self._batch]
                return trial_step(self.model, batch, labels, self._build_optimizer)

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
