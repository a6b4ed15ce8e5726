"""Constants and small helpers shared by the widgets (and the app that wires them)."""

#: MIME type of a palette drag; the payload is the block type's registry key (UTF-8).
BLOCK_MIME = "application/x-convas-block"


def ask(box, answers: dict):
    """Show ``box`` (a QMessageBox) modally and return the answer mapped to the button
    the user pressed; None for any other way out (Cancel, Escape, closing it). The box
    is deleted afterwards, so asking again and again leaks nothing."""
    try:
        box.exec()
        return answers.get(box.clickedButton())
    finally:
        box.deleteLater()
