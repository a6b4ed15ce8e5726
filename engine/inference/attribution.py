"""Where a network looked: Grad-CAM and saliency maps for one image and one class.

- **Grad-CAM** (Selvaraju et al., 2017): the feature maps of a convolutional block,
  weighted by how much the class score grows with each channel (the gradient averaged
  over the map), summed, ReLU'd, and stretched over the image. By default the block is
  the last one whose output is still a feature map larger than 1×1.
- **Saliency** (Simonyan et al., 2014): how much the class score changes with each
  input pixel (the gradient's largest magnitude over the channels).

Both return a ``[H, W]`` float array in 0..1 at the Input's size.
"""

from __future__ import annotations

import numpy as np

from engine.analysis import analyse
from engine.i18n import _
from engine.inference.predictor import PredictError, Predictor


def cam_block(predictor: Predictor) -> str | None:
    """The default Grad-CAM block: the last with a feature-map output larger than 1×1."""
    analysis = analyse(predictor.graph)
    chosen = None
    for node_id in analysis.order:
        shape = analysis.nodes[node_id].shape
        has_module = node_id in predictor.compiled.module_names
        if has_module and shape is not None and len(shape) == 3 and shape[1] * shape[2] > 1:
            chosen = node_id
    return chosen


def grad_cam(
    predictor: Predictor, fitted: np.ndarray, class_index: int, node_id: str | None = None
) -> tuple[np.ndarray, str]:
    """(the heat map ``[H, W]`` in 0..1, the block it was taken at)."""
    import torch
    import torch.nn.functional as F

    node_id = node_id if _is_map(predictor, node_id) else cam_block(predictor)
    if node_id is None:
        raise PredictError(_("the network has no block with a feature map for Grad-CAM"))
    captured: list = []
    target = predictor.module.get_submodule(predictor.compiled.module_names[node_id])
    handle = target.register_forward_hook(lambda _m, _i, out: captured.append(out))
    try:
        with torch.enable_grad():
            logits = predictor.module(predictor.tensor(fitted))
            maps = captured[0]
            (grads,) = torch.autograd.grad(logits[0, class_index], maps)
    finally:
        handle.remove()
    weights = grads[0].mean(dim=(1, 2), keepdim=True)
    cam = F.relu((weights * maps[0]).sum(0)).detach()
    height, width = predictor.input_shape[1:]
    cam = F.interpolate(
        cam[None, None], size=(height, width), mode="bilinear", align_corners=False
    )[0, 0]
    return _unit(cam.numpy()), node_id


def saliency(predictor: Predictor, fitted: np.ndarray, class_index: int) -> np.ndarray:
    """The gradient of the class score with respect to each pixel, 0..1."""
    import torch

    x = predictor.tensor(fitted).requires_grad_(True)
    with torch.enable_grad():
        score = predictor.module(x)[0, class_index]
        (grad,) = torch.autograd.grad(score, x)
    return _unit(grad[0].abs().amax(0).numpy())


def _is_map(predictor: Predictor, node_id: str | None) -> bool:
    if node_id is None or node_id not in predictor.compiled.module_names:
        return False
    shape = analyse(predictor.graph).nodes[node_id].shape
    return shape is not None and len(shape) == 3


def _unit(values: np.ndarray) -> np.ndarray:
    values = np.nan_to_num(values.astype(np.float32))
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else np.zeros_like(values)
