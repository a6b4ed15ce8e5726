"""The command line: ``python main.py SUBCOMMAND ...`` (see the spec's contract).

Exit status: 0 success; 1 the graph has problems (printed); 2 the input can't be
used (one line saying what and where). Never a traceback.

Each subcommand lives in a module of this package and registers itself with
:func:`engine.cli.core.subcommand`; the modules are imported here, in any order
(``core.SUBCOMMANDS`` orders the help). Those that need torch import it inside their handler only.
"""

from engine.cli import export, predict, summary, train  # noqa: F401  (registers the subcommands)
from engine.cli.core import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_PROBLEMS,
    SUBCOMMANDS,
    UsageError,
    err,
    load_compilable,
    load_source,
    main,
    subcommand,
)
from engine.cli.summary import format_summary, summary_dict
