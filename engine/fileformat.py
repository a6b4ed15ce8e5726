"""Reading and writing ``.convas`` project files (format version 1).

The contract is ``shared/spec/convas-format.md``. Loading validates everything and
raises :class:`FormatError` with one line that says what is wrong and where; it
never executes anything from the file. The file must be standard JSON
(:mod:`engine.strictjson`: no ``NaN``, no key given twice, no integer too long to read),
every number within its range (parameters from the registry, positions within ±1e9,
the ``training`` settings by :class:`~engine.training.config.TrainConfig`'s rules), so
whatever loads also saves, and reloads byte-identical. Saving is atomic
(:mod:`engine.atomicfile`): a crash never leaves half a project, and the file gets
normal permissions.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine import strictjson
from engine.atomicfile import write_atomic
from engine.graph import Edge, Graph, Node
from engine.i18n import _, os_reason
from engine.registry import get_spec

FORMAT = "convas"
VERSION = 1
TOP_KEYS = {"format", "version", "name", "nodes", "edges", "training", "meta"}
NODE_KEYS = {"id", "type", "params", "label", "position", "trainable"}
EDGE_KEYS = {"source", "target", "port"}
#: Positions are within ±1e9 (the spec): finite, and exact after rounding to 0.01.
POSITION_LIMIT = 1e9
#: Parameter numbers beyond this are out of every range (shown short in the message).
_HUGE = 2**53

# Migrations from version N to N+1, applied in order when an older file is opened.
# Each takes and returns the raw JSON object. Version 1 is the first, so none yet.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}


class FormatError(Exception):
    """The file can't be used: one line saying what and where."""


def load(path: str | os.PathLike) -> Graph:
    """Read and validate a project file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FormatError(_("{path}: no such file", path=path)) from None
    except IsADirectoryError:
        raise FormatError(_("{path}: is a folder, not a project file", path=path)) from None
    except UnicodeDecodeError:
        raise FormatError(_("{path}: not a UTF-8 text file", path=path)) from None
    except OSError as exc:
        reason = os_reason(exc)
        raise FormatError(_("{path}: can't be read ({reason})", path=path, reason=reason)) from None
    except MemoryError:
        raise FormatError(_("{path}: too large to read", path=path)) from None
    try:
        return loads(text)
    except FormatError as exc:
        raise FormatError(f"{path}: {exc}") from None


def loads(text: str) -> Graph:
    """Parse and validate the text of a project file."""
    try:
        data = strictjson.parse(text)
    except json.JSONDecodeError as exc:
        raise FormatError(
            _(
                "not valid JSON: {reason} at line {line} column {column}",
                reason=strictjson.syntax_reason(exc),
                line=exc.lineno,
                column=exc.colno,
            )
        ) from None
    except RecursionError:
        raise FormatError(_("not valid JSON: nested too deeply")) from None
    except strictjson.JsonValueError as exc:
        raise FormatError(f"{_key_path(exc.path, data=_partial(text))}: {exc.message}") from None
    return from_dict(data)


def from_dict(data: Any) -> Graph:
    """Validate a decoded JSON object and build the graph model."""
    if not isinstance(data, dict):
        raise FormatError(_("the top level must be a JSON object"))
    if data.get("format") != FORMAT:
        raise FormatError(
            _(
                '"format" must be "{expected}", got {value}',
                expected=FORMAT,
                value=_show(data.get("format")),
            )
        )
    data = _migrate(data)
    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        raise FormatError(_("unknown top-level key {key}", key=_show(unknown[0])))
    for key in ("nodes", "edges"):
        if key not in data:
            raise FormatError(_('missing required key "{key}"', key=key))
        if not isinstance(data[key], list):
            raise FormatError(_('"{key}" must be an array', key=key))
    name = data.get("name", "")
    if not isinstance(name, str):
        raise FormatError(_('"name" must be a string'))
    for key in ("training", "meta"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            raise FormatError(_('"{key}" must be an object', key=key))
    _check_training(data.get("training"))
    nodes = [_node(raw, i) for i, raw in enumerate(data["nodes"])]
    seen: set[str] = set()
    for node in nodes:
        if node.id in seen:
            raise FormatError(_("duplicate node id {id}", id=_show(node.id)))
        seen.add(node.id)
    edges = [_edge(raw, i, seen) for i, raw in enumerate(data["edges"])]
    return Graph(name, nodes, edges, data.get("training"), data.get("meta"))


def _check_training(training: Any) -> None:
    """Raise :class:`FormatError` naming ``training.<key>`` when a setting is invalid.

    The one validation of a project's training settings: every command and the window
    load files through here, so none of them can disagree (keys that are not
    ``TrainConfig`` fields are the application's own and pass).
    """
    if training is None:
        return
    from engine.training.config import TrainConfig

    try:
        TrainConfig.from_dict(training)
    except (TypeError, ValueError) as exc:
        raise FormatError(f"training.{_short(str(exc))}") from None


def _migrate(data: dict) -> dict:
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise FormatError(_('"version" must be an integer, got {value}', value=_show(version)))
    if version > VERSION:
        raise FormatError(
            _(
                "format version {version} is newer than this Convas reads ({supported})",
                version=_show(version),
                supported=VERSION,
            )
        )
    if version < 1:
        raise FormatError(
            _("format version {version} does not exist (the first is 1)", version=_show(version))
        )
    while version < VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data["version"] = version
    return data


def _node(raw: Any, index: int) -> Node:
    where = _("node #{index}", index=index)
    if not isinstance(raw, dict):
        raise FormatError(_("{where} must be an object", where=where))
    node_id = raw.get("id")
    if not isinstance(node_id, str) or not 1 <= len(node_id) <= 64:
        raise FormatError(_('{where}: "id" must be a string of 1 to 64 characters', where=where))
    where = _("node {id}", id=_show(node_id))
    unknown = sorted(set(raw) - NODE_KEYS)
    if unknown:
        raise FormatError(_("{where}: unknown key {key}", where=where, key=_show(unknown[0])))
    type_name = raw.get("type")
    spec = get_spec(type_name) if isinstance(type_name, str) else None
    if spec is None:
        raise FormatError(
            _("{where}: unknown block type {type}", where=where, type=_show(type_name))
        )
    params = _params(raw.get("params", {}), spec, where)
    label = raw.get("label")
    if label is not None and not isinstance(label, str):
        raise FormatError(_('{where}: "label" must be a string', where=where))
    position = _position(raw.get("position"), where)
    trainable = raw.get("trainable", True)
    if not isinstance(trainable, bool):
        raise FormatError(_('{where}: "trainable" must be true or false', where=where))
    return Node(node_id, spec.type, dict(params), label, position, trainable)


def _params(params: Any, spec, where: str) -> dict:
    if not isinstance(params, dict):
        raise FormatError(_('{where}: "params" must be an object', where=where))
    where = f"{where} ({spec.type})"
    known = {p.name: p for p in spec.params}
    for key, value in params.items():
        if key not in known:
            raise FormatError(_("{where}: unknown parameter {key}", where=where, key=_show(key)))
        problem = _huge(value) or known[key].check(value)
        if problem:
            raise FormatError(
                _(
                    "{where}: parameter {key}: {problem}",
                    where=where,
                    key=_show(key),
                    problem=_short(problem),
                )
            )
    for p in spec.params:
        if p.required and p.name not in params:
            raise FormatError(
                _("{where}: missing required parameter {key}", where=where, key=_show(p.name))
            )
    return params


def _huge(value: Any) -> str | None:
    """A number (or a number of a pair) beyond every parameter's range, said briefly."""
    values = value if isinstance(value, list) else [value]
    for v in values:
        if isinstance(v, int | float) and not isinstance(v, bool) and abs(v) > _HUGE:
            return _("{value} is out of range", value=_show(v, 24))
    return None


def _position(position: Any, where: str) -> tuple[float, float] | None:
    if position is None:
        return None
    if (
        not isinstance(position, list)
        or len(position) != 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in position)
    ):
        raise FormatError(_('{where}: "position" must be [x, y]', where=where))
    if not all(abs(v) <= POSITION_LIMIT for v in position):  # NaN compares False too
        raise FormatError(
            _(
                '{where}: "position" {value} is out of range (each within ±1e9)',
                where=where,
                value=_show(position, 40),
            )
        )
    return (position[0], position[1])


def _edge(raw: Any, index: int, ids: set[str]) -> Edge:
    where = _("edge #{index}", index=index)
    if not isinstance(raw, dict):
        raise FormatError(_("{where} must be an object", where=where))
    unknown = sorted(set(raw) - EDGE_KEYS)
    if unknown:
        raise FormatError(_("{where}: unknown key {key}", where=where, key=_show(unknown[0])))
    for key in ("source", "target"):
        value = raw.get(key)
        if not isinstance(value, str):
            raise FormatError(
                _('{where}: "{key}" must be a node id (a string)', where=where, key=key)
            )
        if value not in ids:
            raise FormatError(
                _(
                    "{where}: {key} {id} is not a node in this file",
                    where=where,
                    key=key,
                    id=_show(value),
                )
            )
    port = raw.get("port", 0)
    if not isinstance(port, int) or isinstance(port, bool) or not 0 <= port < 1024:
        raise FormatError(
            _(
                '{where}: "port" must be an integer from 0, got {value}',
                where=where,
                value=_show(port),
            )
        )
    return Edge(raw["source"], raw["target"], port)


def _key_path(path: strictjson.Path, data: Any = None) -> str:
    """``node "c1": params.kernel_size``, ``training.epochs``, ``edge #2: port``…"""
    if not path:
        return _("the top level")
    if len(path) >= 2 and path[0] in ("nodes", "edges") and isinstance(path[1], int):
        head = _("edge #{index}", index=path[1])
        if path[0] == "nodes":
            node = _item(data, "nodes", path[1])
            node_id = node.get("id") if isinstance(node, dict) else None
            head = (
                _("node {id}", id=_show(node_id))
                if isinstance(node_id, str)
                else _("node #{index}", index=path[1])
            )
        rest = _dotted(path[2:])
        return f"{head}: {rest}" if rest else head
    return _dotted(path)


def _dotted(path, limit: int = 80) -> str:
    text = ""
    for key in path:
        key = key if isinstance(key, int) else _show(key, 30).strip('"')
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text if len(text) <= limit else f"{text[: limit // 2]}…{text[-(limit // 2) :]}"


def _item(data: Any, key: str, index: int) -> Any:
    try:
        return data[key][index]
    except (KeyError, IndexError, TypeError):
        return None


def _partial(text: str) -> Any:
    """The document decoded leniently, to name a node by its id in a message."""
    try:
        return json.loads(text, parse_int=lambda _digits: 0)
    except (ValueError, RecursionError):
        return None


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _show(value: Any, limit: int = 60) -> str:
    return strictjson.show(value, limit)


# --------------------------------------------------------------------------- writing


def to_dict(graph: Graph) -> dict:
    """The graph as the JSON object of the format."""
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if graph.name:
        data["name"] = graph.name
    data["nodes"] = [_node_dict(n) for n in graph.nodes.values()]
    data["edges"] = [_edge_dict(e) for e in graph.edges]
    if graph.training is not None:
        data["training"] = graph.training
    if graph.meta is not None:
        data["meta"] = graph.meta
    return data


def _node_dict(node: Node) -> dict:
    out: dict[str, Any] = {"id": node.id, "type": node.type, "params": node.params}
    if node.label is not None:
        out["label"] = node.label
    if node.position is not None:
        out["position"] = [_num(v) for v in node.position]
    if not node.trainable:
        out["trainable"] = False
    return out


def _edge_dict(edge: Edge) -> dict:
    out: dict[str, Any] = {"source": edge.source, "target": edge.target}
    if edge.port:
        out["port"] = edge.port
    return out


def _num(v: float) -> float | int:
    v = round(float(v), 2)
    return int(v) if v.is_integer() else v


def dumps(graph: Graph) -> str:
    """Readable JSON: one line per node and per edge, so diffs stay small."""
    data = to_dict(graph)

    def line(obj):
        return json.dumps(obj, ensure_ascii=False)

    parts = ["{"]
    keys = list(data)
    for i, key in enumerate(keys):
        comma = "," if i < len(keys) - 1 else ""
        value = data[key]
        if key in ("nodes", "edges") and value:
            inner = ",\n".join(f"    {line(item)}" for item in value)
            parts.append(f'  "{key}": [\n{inner}\n  ]{comma}')
        else:
            body = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
            parts.append(f"  {line(key)}: {body}{comma}")
    parts.append("}")
    return "\n".join(parts) + "\n"


def save(graph: Graph, path: str | os.PathLike) -> None:
    """Write atomically, with normal permissions (see :mod:`engine.atomicfile`)."""
    write_atomic(path, dumps(graph).encode("utf-8"))
