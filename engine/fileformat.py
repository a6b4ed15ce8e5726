"""Reading and writing ``.convas`` project files (format version 1).

The contract is ``shared/spec/convas-format.md``. Loading validates everything and
raises :class:`FormatError` with one line that says what is wrong and where; it
never executes anything from the file. Saving is atomic: a temporary file in the
same folder, then a rename, so a crash never leaves half a project.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine.graph import Edge, Graph, Node
from engine.registry import get_spec

FORMAT = "convas"
VERSION = 1
TOP_KEYS = {"format", "version", "name", "nodes", "edges", "training", "meta"}
NODE_KEYS = {"id", "type", "params", "label", "position", "trainable"}
EDGE_KEYS = {"source", "target", "port"}

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
        raise FormatError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise FormatError(f"{path}: not a UTF-8 text file") from None
    except OSError as exc:
        raise FormatError(f"{path}: can't be read ({exc.strerror or exc})") from None
    try:
        return loads(text)
    except FormatError as exc:
        raise FormatError(f"{path}: {exc}") from None


def loads(text: str) -> Graph:
    """Parse and validate the text of a project file."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(
            f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        raise FormatError("not valid JSON: nested too deeply") from None
    return from_dict(data)


def from_dict(data: Any) -> Graph:
    """Validate a decoded JSON object and build the graph model."""
    if not isinstance(data, dict):
        raise FormatError("the top level must be a JSON object")
    if data.get("format") != FORMAT:
        raise FormatError(f'"format" must be "{FORMAT}", got {_show(data.get("format"))}')
    data = _migrate(data)
    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        raise FormatError(f"unknown top-level key {_show(unknown[0])}")
    for key in ("nodes", "edges"):
        if key not in data:
            raise FormatError(f'missing required key "{key}"')
        if not isinstance(data[key], list):
            raise FormatError(f'"{key}" must be an array')
    name = data.get("name", "")
    if not isinstance(name, str):
        raise FormatError('"name" must be a string')
    for key in ("training", "meta"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            raise FormatError(f'"{key}" must be an object')
    nodes = [_node(raw, i) for i, raw in enumerate(data["nodes"])]
    seen: set[str] = set()
    for node in nodes:
        if node.id in seen:
            raise FormatError(f"duplicate node id {_show(node.id)}")
        seen.add(node.id)
    edges = [_edge(raw, i, seen) for i, raw in enumerate(data["edges"])]
    return Graph(name, nodes, edges, data.get("training"), data.get("meta"))


def _migrate(data: dict) -> dict:
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise FormatError(f'"version" must be an integer, got {_show(version)}')
    if version > VERSION:
        raise FormatError(f"format version {version} is newer than this Convas reads ({VERSION})")
    if version < 1:
        raise FormatError(f"format version {version} does not exist (the first is 1)")
    while version < VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data["version"] = version
    return data


def _node(raw: Any, index: int) -> Node:
    where = f"node #{index}"
    if not isinstance(raw, dict):
        raise FormatError(f"{where} must be an object")
    node_id = raw.get("id")
    if not isinstance(node_id, str) or not 1 <= len(node_id) <= 64:
        raise FormatError(f'{where}: "id" must be a string of 1 to 64 characters')
    where = f"node {_show(node_id)}"
    unknown = sorted(set(raw) - NODE_KEYS)
    if unknown:
        raise FormatError(f"{where}: unknown key {_show(unknown[0])}")
    type_name = raw.get("type")
    spec = get_spec(type_name) if isinstance(type_name, str) else None
    if spec is None:
        raise FormatError(f"{where}: unknown block type {_show(type_name)}")
    params = raw.get("params", {})
    if not isinstance(params, dict):
        raise FormatError(f'{where}: "params" must be an object')
    known = {p.name: p for p in spec.params}
    for key, value in params.items():
        if key not in known:
            raise FormatError(f"{where} ({spec.type}): unknown parameter {_show(key)}")
        problem = known[key].check(value)
        if problem:
            raise FormatError(f"{where} ({spec.type}): parameter {_show(key)}: {problem}")
    for p in spec.params:
        if p.required and p.name not in params:
            raise FormatError(f"{where} ({spec.type}): missing required parameter {_show(p.name)}")
    label = raw.get("label")
    if label is not None and not isinstance(label, str):
        raise FormatError(f'{where}: "label" must be a string')
    position = raw.get("position")
    if position is not None:
        if (
            not isinstance(position, list)
            or len(position) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in position)
        ):
            raise FormatError(f'{where}: "position" must be [x, y]')
        position = (position[0], position[1])
    trainable = raw.get("trainable", True)
    if not isinstance(trainable, bool):
        raise FormatError(f'{where}: "trainable" must be true or false')
    return Node(node_id, spec.type, dict(params), label, position, trainable)


def _edge(raw: Any, index: int, ids: set[str]) -> Edge:
    where = f"edge #{index}"
    if not isinstance(raw, dict):
        raise FormatError(f"{where} must be an object")
    unknown = sorted(set(raw) - EDGE_KEYS)
    if unknown:
        raise FormatError(f"{where}: unknown key {_show(unknown[0])}")
    for key in ("source", "target"):
        value = raw.get(key)
        if not isinstance(value, str):
            raise FormatError(f'{where}: "{key}" must be a node id (a string)')
        if value not in ids:
            raise FormatError(f"{where}: {key} {_show(value)} is not a node in this file")
    port = raw.get("port", 0)
    if not isinstance(port, int) or isinstance(port, bool) or not 0 <= port < 1024:
        raise FormatError(f'{where}: "port" must be an integer from 0, got {_show(port)}')
    return Edge(raw["source"], raw["target"], port)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


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
    """Write atomically: a temporary file beside the target, then a rename."""
    path = Path(path)
    text = dumps(graph)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
