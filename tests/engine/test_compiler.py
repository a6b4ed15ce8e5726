"""The compiled module agrees with the analysis: shapes and parameters, node by node."""

from __future__ import annotations

import pytest
import torch
from hypothesis import HealthCheck, given, settings

from engine.analysis import analyse
from engine.compiler import CompileError, compile_model, count_parameters, example_input
from engine.fileformat import loads
from engine.graph import Edge, Graph, Node
from engine.registry import all_specs
from tests.engine.graphgen import random_graphs


def _real_shapes(graph: Graph) -> tuple[dict, dict, torch.Tensor]:
    """Run a forward pass and record every node's output shape and parameter count."""
    compiled = compile_model(graph)
    module = compiled.module.eval()
    shapes, params = {}, {}
    hooks = []
    for nid, name in compiled.module_names.items():
        sub = module.get_submodule(name)
        params[nid] = count_parameters(sub)

        def hook(_m, _inp, out, nid=nid):
            shapes[nid] = tuple(out.shape[1:])

        hooks.append(sub.register_forward_hook(hook))
    with torch.no_grad():
        out = module(example_input(compiled.input_shape))
    for h in hooks:
        h.remove()
    return shapes, params, out


def _assert_matches(graph: Graph) -> None:
    analysis = analyse(graph)
    assert analysis.ok, analysis.problems
    shapes, params, out = _real_shapes(graph)
    for nid, info in analysis.nodes.items():
        if nid in shapes:
            assert shapes[nid] == info.shape, f"{nid} ({graph.nodes[nid].type})"
            assert params[nid] == info.params, f"{nid} ({graph.nodes[nid].type})"
    assert tuple(out.shape[1:]) == analysis.output_shape
    assert count_parameters(compile_model(graph).module) == analysis.total_params


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_graphs())
def test_random_graphs_analysis_equals_forward_pass(graph):
    _assert_matches(graph)


def test_every_block_type_is_generated_somewhere():
    """The generator reaches every registered block type (so the property test covers them)."""
    from hypothesis import find

    seen: set[str] = set()
    wanted = {s.type for s in all_specs()}

    def covers(graph):
        seen.update(n.type for n in graph.nodes.values())
        return wanted <= seen

    find(random_graphs(), covers, settings=settings(max_examples=3000, database=None))
    assert wanted <= seen


def test_tiny_residual_compiles_with_readable_names(tiny_residual_path):
    from engine.fileformat import load

    compiled = compile_model(load(tiny_residual_path))
    assert count_parameters(compiled.module) == 3922
    assert compiled.module_names["stem"] == "stem"
    assert "self.skip(relu_a, stem_relu)" in compiled.module.code


def test_hostile_ids_become_safe_submodule_names():
    ids = ['x"); import os; os.system("echo hi")#', "class", "forward", "training", "한글 노드"]
    nodes = [Node("in", "Input", {"channels": 1, "height": 4, "width": 4})]
    nodes += [Node(i, "ReLU") for i in ids]
    chain = ["in", *ids]
    edges = [Edge(a, b) for a, b in zip(chain, chain[1:])]
    graph = Graph("evil\nname", nodes + [Node("out", "Output")], edges + [Edge(ids[-1], "out")])
    compiled = compile_model(graph)
    names = list(compiled.module_names.values())
    assert len(set(names)) == len(names)
    assert all(n.isidentifier() for n in names)
    assert "forward" not in names and "training" not in names and "class" not in names
    assert compiled.module(torch.ones(1, 1, 4, 4)).shape == (1, 1, 4, 4)


def test_graph_with_problems_raises_compile_error_naming_nodes():
    graph = loads("""{"format": "convas", "version": 1,
      "nodes": [{"id": "in", "type": "Input", "params": {}},
                {"id": "fc", "type": "Linear", "params": {"out_features": 3}},
                {"id": "out", "type": "Output", "params": {}}],
      "edges": [{"source": "in", "target": "fc"}, {"source": "fc", "target": "out"}]}""")
    with pytest.raises(CompileError) as err:
        compile_model(graph)
    assert err.value.problems[0].node == "fc"
    assert "Flatten" in str(err.value)
