"""The project's own rules hold: layer contracts, and an engine usable without Qt or torch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def _venv_tool(name: str) -> str:
    """The console script `name` installed beside the running interpreter."""
    return str(Path(sys.executable).parent / name)


def test_import_contracts_are_kept():
    # Engine without Qt/pyqtgraph/app/widgets, widgets without app: checked, not hoped.
    result = subprocess.run(
        [_venv_tool("lint-imports"), "--no-cache"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_engine_analyses_without_torch_or_qt(tiny_residual_path):
    # The shape analysis runs on every edit and in the CLI: it must stay light and headless.
    script = textwrap.dedent(
        """
        import json, sys
        from engine.analysis import analyse
        from engine.fileformat import load

        result = analyse(load(sys.argv[1]))
        heavy = sorted(
            name for name in ("torch", "PySide6", "pyqtgraph", "shiboken6") if name in sys.modules
        )
        print(json.dumps({
            "ok": result.ok,
            "total_params": result.total_params,
            "output_shape": list(result.output_shape),
            "heavy": heavy,
        }))
        """
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", script, str(tiny_residual_path)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {"ok": True, "total_params": 3922, "output_shape": [10], "heavy": []}
