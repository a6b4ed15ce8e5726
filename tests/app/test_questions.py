"""The app's modal questions, answered by clicking their real buttons."""

from __future__ import annotations

from app.training_jobs import FIX, ask_fit_fix
from engine.training.fit import SET_CLASSES, FitIssue
from tests.app.conftest import answer_modal


def test_the_fit_question_offers_the_fix_and_cancel(qtbot, window):
    issues = [FitIssue("10 classes but 4 outputs", SET_CLASSES, "fc", {"out_features": 10})]
    answer_modal(qtbot, "Fix and Train")
    assert ask_fit_fix(window, issues) == FIX
    answer_modal(qtbot, "Cancel")
    assert ask_fit_fix(window, issues) is None


def test_the_language_question_restarts_now_or_later(qtbot, window):
    from app.i18n import ask_restart

    answer_modal(qtbot, "Restart Now")
    assert ask_restart(window, "한국어") is True
    answer_modal(qtbot, "Later")
    assert ask_restart(window, "한국어") is False
