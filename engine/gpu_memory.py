"""The memory a training device offers: the GPU's free memory, else the system's.

Kept apart from :mod:`engine.memory` (which never imports torch, so the window's
analysis and ``summary`` stay quick): asking a GPU needs torch, which training loads
anyway. Used by the command line's and the window's memory guard.
"""

from __future__ import annotations

import logging

from engine import memory

log = logging.getLogger(__name__)


def device_memory(device: str) -> int | None:
    """Free bytes on the GPU ``device`` (a TrainConfig device name) will train on, or the
    system's available memory; ``CONVAS_MEMORY_LIMIT`` overrides both.

    Only "auto" and "cuda" look for a GPU.
    """
    if device in ("auto", "cuda") and memory.limit_override() is None:
        try:
            import torch

            if torch.cuda.is_available():
                return int(torch.cuda.mem_get_info()[0])
        except Exception:  # noqa: BLE001 - no usable GPU: the system's memory decides
            log.debug("no GPU memory figure", exc_info=True)
    return memory.available_bytes()
