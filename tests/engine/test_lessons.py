"""The lesson views' engine: stacked kernels against one large kernel, an image as numbers."""

from __future__ import annotations

import numpy as np
import pytest

from engine.analysis import analyse
from engine.graph import Edge, Graph, Node
from engine.teaching.pixels import PixelIndex, builtin_samples, fit_image
from engine.teaching.receptive import receptive_fields
from engine.teaching.stacking import compare


def test_three_3x3_against_one_7x7_is_27_against_49():
    c = compare(3, 3, 64, 56)
    assert c.single_kernel == 7 and c.fields() == [3, 5, 7]
    assert (c.stacked_coefficient, c.single_coefficient) == (27, 49)
    assert c.stacked_params == 27 * 64**2 and c.single_params == 49 * 64**2
    assert c.stacked_macs == 27 * 64**2 * 56**2 and c.single_macs == 49 * 64**2 * 56**2
    assert c.saving == pytest.approx(22 / 49)
    two = compare(2, 3, 10, 8)
    assert (two.single_kernel, two.stacked_coefficient, two.single_coefficient) == (5, 18, 25)
    assert compare(2, 5, 1, 1).single_kernel == 9  # two 5×5 see 9×9
    with pytest.raises(ValueError):
        compare(0, 3, 1, 1)


@pytest.mark.parametrize("layers,kernel", [(1, 3), (2, 3), (3, 3), (2, 5), (4, 2)])
def test_stack_field_and_weights_equal_the_analysis_of_real_layers(layers, kernel):
    """The formulas against the receptive-field pass and the shape analysis of real graphs."""
    c = compare(layers, kernel, 8, 20)

    def net(kernels):
        nodes = [Node("input", "Input", {"channels": 8, "height": 20, "width": 20})]
        for i, k in enumerate(kernels):
            params = {"out_channels": 8, "kernel_size": k, "padding": "same", "bias": False}
            nodes.append(Node(f"c{i}", "Conv2d", params))
        nodes.append(Node("output", "Output"))
        return Graph("g", nodes, [Edge(a.id, b.id) for a, b in zip(nodes, nodes[1:])])

    for kernels, params, macs in (
        ([kernel] * layers, c.stacked_params, c.stacked_macs),
        ([c.single_kernel], c.single_params, c.single_macs),
    ):
        graph = net(kernels)
        analysis = analyse(graph)
        assert (analysis.total_params, analysis.total_macs) == (params, macs)
        assert (
            receptive_fields(graph, analysis)[f"c{len(kernels) - 1}"].size == (c.single_kernel,) * 2
        )


def test_a_pixel_addressed_in_the_three_layouts():
    p = PixelIndex(row=5, col=3, channel=2, height=32, width=28, channels=3)
    assert (p.hwc, p.chw, p.lesson) == ("x[5, 3, 2]", "x[2, 5, 3]", "x[3, 5, 2]")
    assert p.shapes() == ("32×28×3", "3×32×28", "28×32×3")
    image = np.arange(32 * 28 * 3).reshape(32, 28, 3)
    assert image.ravel()[p.hwc_offset] == image[5, 3, 2]
    planes = np.ascontiguousarray(image.transpose(2, 0, 1))
    assert planes.ravel()[p.chw_offset] == planes[2, 5, 3] == image[5, 3, 2]


def test_builtin_samples_are_real_images_with_their_classes():
    digits = builtin_samples("digits", 5)
    assert digits.images.shape == (5, 8, 8, 1) and digits.images.dtype == np.uint8
    assert [digits.caption(i) for i in range(5)] == ["0", "1", "2", "3", "4"]
    shapes = builtin_samples("shapes", 6, size=40)
    assert shapes.images.shape == (6, 40, 40, 3)
    assert len({shapes.caption(i) for i in range(6)}) == 6  # one of each kind first
    assert shapes.images.std() > 10  # drawn, not blank


def test_fit_image_scales_and_converts_channels():
    grey = np.arange(16, dtype=np.uint8).reshape(4, 4, 1)
    big = fit_image(grey, 8, 8, 3)
    assert big.shape == (8, 8, 3) and (big[..., 0] == big[..., 2]).all()
    assert big[0, 0, 0] == 0 and big[7, 7, 0] == 15 and big[2, 2, 0] == grey[1, 1, 0]
    colour = np.zeros((2, 2, 3), dtype=np.uint8)
    colour[..., 0] = 90
    assert fit_image(colour, 2, 2, 1)[0, 0, 0] == 30
