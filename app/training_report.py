"""How a training run ends, and why one can't start, as the window says it.

:func:`report_result` writes the end of a run into the training panel (and a box when
it went wrong); :func:`show_problems` lists why the network can't be trained yet;
:func:`show_message_box` is the non-modal box both use.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate


def show_message_box(parent, title: str, text: str, details: str = "", icon=None):
    """A non-modal message box (the window stays usable); returns it."""
    from PySide6.QtWidgets import QMessageBox

    icon = QMessageBox.Icon.Critical if icon is None else icon
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    box.setModal(False)
    box.show()
    return box


def show_problems(ctl, problems) -> None:
    """Why the network can't be trained yet: each problem with its block."""
    from PySide6.QtWidgets import QMessageBox

    lines = [f"• {p.node + ': ' if p.node else ''}{p.message}" for p in problems[:12]]
    if len(problems) > 12:
        more = translate("TrainingViews", "… and {count} more (see the Summary)")
        lines.append(more.format(count=len(problems) - 12))
    ctl.panel.set_status(
        translate("TrainingViews", "The network has problems: fix them, then train."), "error"
    )
    ctl.show_error(
        translate("TrainingViews", "The network can't be trained yet"),
        "\n".join(lines),
        icon=QMessageBox.Icon.Warning,
    )


def report_result(ctl, result) -> None:
    """How a run ended, in the panel's status line (and a box when it went wrong)."""
    from PySide6.QtWidgets import QMessageBox

    from app.training_jobs import duration_text

    metrics = result.metrics or {}
    accuracy = metrics.get("val_accuracy")
    facts = (
        ""
        if accuracy is None
        else translate("TrainingViews", "Validation accuracy {accuracy} %.").format(
            accuracy=f"{100 * accuracy:.1f}"
        )
    )
    if result.status == "completed":
        ctl.panel.set_progress(1.0, translate("TrainingViews", "done"))
        ctl.panel.set_status(
            translate("TrainingViews", "Done (epochs: {epochs}, {time}). {facts}").format(
                facts=facts,
                epochs=metrics.get("epochs", "?"),
                time=duration_text(metrics.get("seconds")),
            ),
            "success",
        )
    elif result.status == "stopped":
        ctl.panel.end_progress(translate("TrainingViews", "stopped"))
        stopped = translate("TrainingViews", "Stopped.")
        ctl.panel.set_status(f"{stopped} {facts}".strip(), "info")
    elif result.status == "diverged":
        ctl.panel.end_progress(translate("TrainingViews", "diverged"))
        ctl.panel.set_status(result.message, "warning")
        ctl.show_error(
            translate("TrainingViews", "Training diverged"),
            result.message,
            icon=QMessageBox.Icon.Warning,
        )
    else:
        ctl.panel.end_progress(translate("TrainingViews", "failed"))
        ctl.panel.set_status(result.message, "error")  # the trainer's words say it failed
        ctl.show_error(translate("TrainingViews", "Training failed"), result.message)
