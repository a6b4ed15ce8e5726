"""The training panel says where a run's images are and the memory they take."""

from __future__ import annotations

from types import SimpleNamespace

from app.training_jobs import EventBuffer
from app.training_monitor import RunMonitor
from engine.data.bundle import Storage
from engine.training.setup import data_event
from widgets.training_panel import TrainingPanel


def test_a_data_event_fills_the_panels_label(qtbot):
    panel = TrainingPanel()
    qtbot.addWidget(panel)
    panel.show()
    assert not panel.data_storage.isVisible()
    buffer = EventBuffer()
    idle = SimpleNamespace(refresh_one=lambda: None, refresh=lambda: None, clear=lambda *a: None)
    monitor = RunMonitor(buffer, panel, idle, SimpleNamespace(), SimpleNamespace())
    storage = Storage("disk", 0, 12_000 * 150_528, 12_000)
    images = SimpleNamespace(store=SimpleNamespace(prefetch=3, shape=(3, 224, 224)))
    event = data_event(storage, images, batch=32)  # four batches of 32 read ahead
    assert event.memory_bytes == 4 * 32 * 150_528
    buffer.put(event)
    monitor.pump()
    assert panel.data_storage.isVisible()
    assert panel.data_storage.text() == (
        "Data: 12,000 images streamed from a cache on disk (1.7 GB); 18 MB in memory"
    )
