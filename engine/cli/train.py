"""``python main.py train SOURCE --dataset NAME_OR_FOLDER ...``: training without a window.

A progress bar on standard error when it is a terminal, plain per-epoch lines
otherwise; notices (resizing, skipped files, device) on standard error. With
``--json`` the human-readable lines all go to standard error and standard output holds
exactly one JSON object (the spec's keys). The run is recorded in the run history.
Ctrl-C stops the run after the current step and still prints the result.

torch is imported inside the handler only: ``engine.cli`` imports this module on
every command, and ``summary`` must stay quick.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time

from engine.cli.core import (
    EXIT_OK,
    EXIT_PROBLEMS,
    UsageError,
    err,
    load_compilable,
    refuse_if_too_big,
    subcommand,
)
from engine.cli.signals import stop_on_signals
from engine.i18n import N_, _
from engine.memory import training_need
from engine.training.config import DEVICES, OPTIMIZERS, SCHEDULES, TrainConfig

_DEFAULTS = TrainConfig()
# command-line option → TrainConfig field (None: not given, keep the default)
_OPTIONS = (
    "dataset",
    "epochs",
    "batch_size",
    "optimizer",
    "lr",
    "momentum",
    "weight_decay",
    "schedule",
    "warmup_epochs",
    "label_smoothing",
    "val_fraction",
    "augment",
    "seed",
    "device",
    "amp",
    "channels_last",
    "compile",
    "grad_clip",
    "nesterov",
    "pretrained_lr_factor",
)


@subcommand("train", N_("train the network on a dataset, without a window"))
def register(p: argparse.ArgumentParser) -> None:
    d = _DEFAULTS
    p.add_argument("source", metavar="SOURCE", help=_("a project file or a preset name"))
    p.add_argument(
        "--dataset",
        metavar="NAME_OR_FOLDER",
        help=_(
            "digits, shapes, mnist, fashion-mnist, cifar10, or a folder with one "
            "subfolder per class (default: the project's, else {name})",
            name=d.dataset,
        ),
    )
    p.add_argument("--epochs", type=int, help=_default(d.epochs))
    p.add_argument("--batch-size", type=int, help=_default(d.batch_size))
    p.add_argument("--optimizer", choices=OPTIMIZERS, help=_default(d.optimizer))
    p.add_argument(
        "--lr", type=float, help=_("peak learning rate (default {value})", value=f"{d.lr:g}")
    )
    p.add_argument(
        "--momentum", type=float, help=_("SGD momentum (default {value})", value=f"{d.momentum:g}")
    )
    p.add_argument(
        "--nesterov",
        action=argparse.BooleanOptionalAction,
        help=_("Nesterov momentum for SGD (default {value})", value=_onoff(d.nesterov)),
    )
    p.add_argument("--weight-decay", type=float, help=_default(d.weight_decay))
    p.add_argument("--schedule", choices=SCHEDULES, help=_default(d.schedule))
    p.add_argument("--warmup-epochs", type=float, help=_default(d.warmup_epochs))
    p.add_argument("--label-smoothing", type=float, help=_default(d.label_smoothing))
    p.add_argument(
        "--val-fraction",
        type=float,
        help=_(
            "share of the data held out for validation (default {value})",
            value=f"{d.val_fraction:g}",
        ),
    )
    p.add_argument(
        "--augment",
        action=argparse.BooleanOptionalAction,
        help=_("random crops and horizontal flips (default {value})", value=_onoff(d.augment)),
    )
    p.add_argument("--seed", type=int, help=_default(d.seed))
    p.add_argument("--device", choices=DEVICES, help=_default(d.device))
    p.add_argument(
        "--amp",
        action=argparse.BooleanOptionalAction,
        help=_("mixed precision on CUDA (default {value})", value=_onoff(d.amp)),
    )
    p.add_argument(
        "--channels-last",
        action=argparse.BooleanOptionalAction,
        help=_(
            "channels-last memory layout on CUDA (default {value})", value=_onoff(d.channels_last)
        ),
    )
    p.add_argument(
        "--compile",
        action=argparse.BooleanOptionalAction,
        help=_("torch.compile the network (default {value})", value=_onoff(d.compile)),
    )
    p.add_argument(
        "--grad-clip",
        type=float,
        help=_("largest gradient norm, 0 for none (default {value})", value=f"{d.grad_clip:g}"),
    )
    p.add_argument(
        "--weights",
        metavar="W",
        help=_(
            "start from these weights: a weights file (.pt, .safetensors) or a run's "
            "checkpoint (best.pt, last.pt); layers whose shape changed start fresh"
        ),
    )
    p.add_argument(
        "--resume",
        metavar="CHECKPOINT",
        help=_(
            "continue a stopped run exactly where it stopped: its last.pt, or its run "
            "number in the history"
        ),
    )
    p.add_argument(
        "--pretrained-lr-factor",
        type=float,
        help=_(
            "learning rate of the weights from --weights, as a share of --lr (default {value})",
            value=f"{d.pretrained_lr_factor:g}",
        ),
    )
    p.add_argument(
        "--download",
        action="store_true",
        help=_("download mnist, fashion-mnist or cifar10 first if needed"),
    )
    p.add_argument(
        "--no-history", action="store_true", help=_("don't record the run in the run history")
    )
    p.add_argument(
        "--json",
        action="store_true",
        help=_("print the final metrics as one JSON object on standard output"),
    )
    p.set_defaults(handler=cmd_train)


def _onoff(flag: bool) -> str:
    return _("on") if flag else _("off")


def _default(value) -> str:
    return _("default {value}", value=f"{value:g}" if isinstance(value, float) else value)


def train_config(args: argparse.Namespace, training: dict | None) -> TrainConfig:
    """Defaults, then the project's ``training`` settings, then the options given."""
    base = _DEFAULTS.to_dict()
    if isinstance(training, dict):
        known = {k: v for k, v in training.items() if k in base}
        try:
            TrainConfig.from_dict(known)
        except ValueError as exc:
            raise UsageError(f"{args.source}: training.{exc}") from None
        base.update(known)
    base.update({k: getattr(args, k) for k in _OPTIONS if getattr(args, k, None) is not None})
    try:
        return TrainConfig.from_dict(base)
    except ValueError as exc:
        option = str(exc).split(":", 1)[0]
        raise UsageError(
            f"--{option.replace('_', '-')}: {str(exc).split(':', 1)[1].strip()}"
        ) from None


def cmd_train(args: argparse.Namespace) -> int:
    # The trainer times one thread against all of them for a small network (the
    # threads spin while they wait, as torch's do by default: fast on an idle machine;
    # on a busy one the timing picks one thread).
    loaded = load_compilable(args.source)
    if loaded is None:
        return EXIT_PROBLEMS
    graph, analysis = loaded
    resume = _resume_checkpoint(args.resume) if args.resume else None
    settings = resume["config"] if resume is not None else graph.training
    config = train_config(args, settings)
    refuse_if_too_big(args.source, training_need(graph, analysis, config), config.device)
    console = Console(args.json, config.epochs)
    try:
        return _train(args, graph, analysis, config, console, resume)
    finally:
        console.close()


def _train(args, graph, analysis, config: TrainConfig, console: Console, resume=None) -> int:
    from engine.compiler import compile_model
    from engine.data import DOWNLOADABLE, DatasetError, dataset_folder, download, load_dataset
    from engine.training import FAILED, STOPPED, Trainer
    from engine.training.execution import DeviceError, resolve_device

    try:
        resolve_device(config.device)
        if args.download and config.dataset.lower() in DOWNLOADABLE:
            name = config.dataset.lower()
            download(name, dataset_folder(name), progress=console.progress)
        input_shape = tuple(analysis.nodes[analysis.input_id].shape)
        bundle = load_dataset(
            config.dataset, input_shape, config.val_fraction, config.seed, progress=console.progress
        )
    except (DatasetError, DeviceError) as exc:
        raise UsageError(str(exc)) from None
    for notice in bundle.notices:
        console.notice(notice)
    graph = _fit_classes(graph, analysis, bundle, console)
    compiled = compile_model(graph)
    weights = _starting_weights(args.weights) if args.weights else None
    history = _History(args.no_history, graph, config, console)
    if resume is not None:
        history.carry_over(resume.get("resume", {}).get("history", []))
    trainer = Trainer(
        compiled,
        bundle,
        config,
        console.event_handler(history),
        history.checkpoint_dir,
        graph=graph,
        initial_state=weights,
        resume=resume,
    )
    finished = None
    try:
        with stop_on_signals(trainer.stop, err) as stopped_by:
            finished = trainer.run()
    finally:
        history.finish(finished)  # also when a second signal cut the run short
    if finished.status == FAILED:
        raise UsageError(finished.message)
    console.finished(finished)
    _say_where_the_weights_are(history.checkpoint_dir, console)
    signum = stopped_by()
    return 128 + signum if signum and finished.status == STOPPED else EXIT_OK


def _say_where_the_weights_are(folder, console) -> None:
    """Name the checkpoints the run wrote, for ``predict --weights`` and ``--resume``."""
    from engine.training.artifacts import BEST, LAST

    if folder is not None and (folder / BEST).is_file():
        console.notice(
            _(
                "weights: {best} (the best epoch); {last} continues with --resume",
                best=folder / BEST,
                last=folder / LAST,
            )
        )


def _starting_weights(path: str) -> dict:
    """A weights file or a checkpoint's weights (read without running any code)."""
    from engine.export.weights import WeightsError, load_state_dict

    try:
        return load_state_dict(path)
    except WeightsError as exc:
        raise UsageError(f"--weights: {exc}") from None


def _resume_checkpoint(which: str) -> dict:
    """The checkpoint ``--resume`` names: a path, or a run number in the history."""
    from engine.training.artifacts import LAST, load_checkpoint

    path = which
    if which.isdigit() and not os.path.exists(which):
        from engine.runs import RunStore

        with RunStore() as store:
            path = str(store.checkpoint_dir(int(which)) / LAST)
    try:
        checkpoint = load_checkpoint(path)
    except ValueError as exc:
        raise UsageError(f"--resume: {exc}") from None
    if "resume" not in checkpoint:
        raise UsageError(
            _(
                "--resume: {path} can't be continued (saved before Convas could continue runs)",
                path=path,
            )
        )
    return checkpoint


def _fit_classes(graph, analysis, bundle, console: Console):
    """Set the last Linear's size to the number of classes (with a notice), or refuse."""
    from engine.training import fit_check
    from engine.training.fit import SET_CLASSES

    out = analysis.output_shape
    if tuple(out) == (bundle.num_classes,):
        return graph
    for issue in fit_check(
        graph, analysis, (analysis.nodes[analysis.input_id].shape, bundle.num_classes)
    ):
        if issue.fix == SET_CLASSES:
            graph = graph.copy()
            graph.nodes[issue.node_id].params = issue.new_params
            console.notice(
                _(
                    "{node}: out_features set from {old} to {classes} to match the "
                    "{classes} classes of {dataset}",
                    node=issue.node_id,
                    old=out[0],
                    classes=bundle.num_classes,
                    dataset=bundle.name,
                )
            )
            return graph
    shape = "×".join(map(str, out)) if len(out) > 1 else f"[{out[0]}]"
    raise UsageError(
        _(
            "the network's output is {shape} but {dataset} has {classes} classes: end the "
            "network with a Linear of {classes} outputs",
            shape=shape,
            dataset=bundle.name,
            classes=bundle.num_classes,
        )
    )


class _History:
    """The run's record in the RunStore (skipped, with a notice, if it can't be written)."""

    def __init__(self, disabled: bool, graph, config: TrainConfig, console: Console):
        self.store = self.run_id = self.checkpoint_dir = None
        if disabled:
            return
        import sqlite3

        from engine import fileformat
        from engine.runs import RunStore

        try:
            self.store = RunStore()
            self.run_id = self.store.create(
                fileformat.dumps(graph), config.to_dict(), graph.name or "network"
            )
            self.checkpoint_dir = self.store.checkpoint_dir(self.run_id)
            if self.store.notice:
                console.notice(self.store.notice)
        except (OSError, sqlite3.Error) as exc:
            console.notice(_("the run won't be recorded in the history: {error}", error=exc))
            self.store = None

    def epoch(self, event) -> None:
        if self.store is not None:
            self.store.add_epoch(self.run_id, event.to_dict())

    def carry_over(self, epochs: list[dict]) -> None:
        """A continued run's record starts with the epochs it had before it stopped."""
        if self.store is not None:
            for epoch in epochs:
                self.store.add_epoch(self.run_id, dict(epoch))

    def finish(self, finished) -> None:
        if self.store is not None:
            if finished is None:
                self.store.finish(self.run_id, "stopped", {})
            else:
                self.store.finish(self.run_id, finished.status, finished.metrics)
            self.store.close()
            self.store = None


class Console:
    """What the user sees: a progress bar on a terminal, plain lines otherwise."""

    def __init__(self, json_mode: bool, epochs: int, stream=None):
        self.json_mode = json_mode
        self.epochs = epochs
        self.err = stream or sys.stderr
        self.out = self.err if json_mode else sys.stdout
        self.tty = bool(getattr(self.err, "isatty", lambda: False)())
        self._bar_shown = False
        self._last_draw = 0.0

    def event_handler(self, history: _History):
        from engine.training import EpochEvent, NoticeEvent, StepEvent
        from engine.training.events import DataEvent

        def handle(event) -> None:
            if isinstance(event, StepEvent):
                self.step(event)
            elif isinstance(event, EpochEvent):
                history.epoch(event)
                self.epoch(event)
            elif isinstance(event, NoticeEvent | DataEvent):
                self.notice(event.text)

        return handle

    def progress(self, fraction: float, text: str) -> None:
        if fraction >= 1.0 or time.monotonic() - self._last_draw > 0.1:
            self._draw(f"{text} {fraction:4.0%}")

    def step(self, e) -> None:
        if not self.tty:
            return
        width = 24
        filled = int(width * e.step / e.steps_per_epoch)
        bar = "█" * filled + "·" * (width - filled)
        self._draw(
            _(
                "epoch {epoch}/{epochs} [{bar}] {step}/{steps}  loss {loss}  "
                "{speed} samples/s  {left} left",
                epoch=e.epoch,
                epochs=self.epochs,
                bar=bar,
                step=e.step,
                steps=e.steps_per_epoch,
                loss=f"{e.loss:.4f}",
                speed=f"{e.samples_per_second:,.0f}",
                left=_clock(e.eta_seconds),
            )
        )

    def epoch(self, e) -> None:
        self._clear()
        width = len(str(e.epochs))
        line = _(
            "epoch {epoch}/{epochs}  train loss {train_loss} acc {train_accuracy}  │  "
            "val loss {val_loss} acc {val_accuracy}  │  {seconds} s",
            epoch=f"{e.epoch:>{width}}",
            epochs=e.epochs,
            train_loss=f"{e.train_loss:.4f}",
            train_accuracy=f"{e.train_accuracy:6.1%}",
            val_loss=f"{e.val_loss:.4f}",
            val_accuracy=f"{e.val_accuracy:6.1%}",
            seconds=f"{e.seconds:.1f}",
        )
        print(line, file=self.out, flush=True)

    def notice(self, text: str) -> None:
        self._clear()
        print(_("note: {text}", text=text), file=self.err, flush=True)

    def finished(self, finished) -> None:
        self._clear()
        stream = self.err if finished.status != "completed" or self.json_mode else self.out
        print(finished.message, file=stream, flush=True)
        if self.json_mode:
            print(json.dumps(_json_safe(finished.metrics)), file=sys.stdout, flush=True)

    def close(self) -> None:
        self._clear()

    def _draw(self, text: str) -> None:
        if not self.tty:
            return
        self._last_draw = time.monotonic()
        self.err.write("\r" + text[:160] + "\x1b[K")
        self.err.flush()
        self._bar_shown = True

    def _clear(self) -> None:
        if self._bar_shown:
            self.err.write("\r\x1b[K")
            self.err.flush()
            self._bar_shown = False


def _clock(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60}:{seconds % 60:02d}"


def _json_safe(metrics: dict) -> dict:
    """NaN and infinities are not JSON: they become null."""
    return {
        k: (None if isinstance(v, float) and not math.isfinite(v) else v)
        for k, v in metrics.items()
    }
