"""Convas: build convolutional networks visually.

``python main.py`` opens the application, ``python main.py FILE.convas`` opens it with
that project, and ``python main.py SUBCOMMAND ...`` runs the command line (no display).
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    from engine.cli.core import SUBCOMMANDS

    if argv and (argv[0] in SUBCOMMANDS or argv[0] in ("-h", "--help")):
        from engine.cli import main as cli_main

        return cli_main(argv)
    if len(argv) > 1:
        from engine.cli.core import wrong_usage

        return wrong_usage()
    from app.main import run

    return run(argv[0] if argv else None)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
