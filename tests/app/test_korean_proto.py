import traceback
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWidget
import pytest
from tests.app.test_translations import korean, qm_folder, _widget_texts, _plain, interface_texts, _user_words, _close, _full_window  # noqa
from tests.korean_text import korean_problems

ROOT = Path(__file__).resolve().parents[2]

@pytest.fixture
def dialogs():
    return None

class Recorder(QObject):
    def __init__(self):
        super().__init__()
        self.shown = []
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Show and isinstance(obj, QDialog) and obj.isWindow():
            frames = [(str(Path(f.filename).relative_to(ROOT)), f.name) for f in traceback.extract_stack() if f.filename.startswith(str(ROOT / "app")) or f.filename.startswith(str(ROOT / "widgets"))]
            texts = [("title", obj.windowTitle())]
            if isinstance(obj, QFileDialog):
                texts += [("filter", f) for f in obj.nameFilters()]
            else:
                if isinstance(obj, QMessageBox):
                    texts += [("text", obj.text()), ("info", obj.informativeText()), ("details", obj.detailedText())]
                for w in [obj, *obj.findChildren(QWidget)]:
                    texts += [(f"{type(w).__name__}.{k}", v) for k, v in _widget_texts(w)]
            self.shown.append((type(obj).__name__, frames, [(k, _plain(v)) for k, v in texts if _plain(v)]))
            QTimer.singleShot(0, obj.reject)
        return False

def test_proto(qtbot, korean, monkeypatch):
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda *a: True)
    rec = Recorder()
    QApplication.instance().installEventFilter(rec)
    window = _full_window(qtbot)
    skip = set()
    acts = [a for a in window.findChildren(QAction)]
    print(len(acts))
    for a in acts:
        if a is window.acts.quit: continue
        if a.menu() is not None: continue
        t = a.text()
        if t in ("학습(&T)", "일시 정지(&P)", "중지(&S)"): continue
        print("TRIGGER", t, flush=True)
        try:
            a.trigger()
        except Exception as e:
            print("EXC", e)
        qtbot.wait(10)
    QApplication.instance().removeEventFilter(rec)
    for kind, frames, texts in rec.shown:
        print(kind, frames[-2:])
        for p in korean_problems(texts, _user_words(window)):
            print("   ", p)
    texts = interface_texts(window)
    for p in korean_problems(texts, _user_words(window)):
        print("W", p)
    _close(window)
