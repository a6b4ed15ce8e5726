"""What a run leaves behind: its checkpoints and the words and numbers of its end.

:class:`RunOutcome` is a part of :class:`engine.training.trainer.Trainer` (a mixin):
``last.pt`` every epoch and where a run stopped (with what Continue needs, see
:mod:`engine.training.resume`), ``best.pt`` at the best validation accuracy, and the
:class:`~engine.training.events.FinishedEvent` of the end.
"""

from __future__ import annotations

import math
import time

from engine.i18n import _, ngettext
from engine.training.artifacts import BEST, LAST, checkpoint_payload, save_atomic
from engine.training.events import DIVERGED, EpochEvent, FinishedEvent, NoticeEvent
from engine.training.messages import diverged_message
from engine.training.resume import resume_state


class _Diverged(Exception):
    def __init__(self, epoch: int, step: int, value: float):
        self.epoch, self.step, self.value = epoch, step, value


class RunOutcome:
    """Checkpoints and the end of a run (needs the Trainer's attributes)."""

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
        return ngettext(
            "Trained {n} epoch in {seconds} s: validation accuracy {accuracy}, loss {loss}.",
            "Trained {n} epochs in {seconds} s: validation accuracy {accuracy}, loss {loss}.",
            self.config.epochs,
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
