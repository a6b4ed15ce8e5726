"""Operations whose weights are stored tensors read by the traced code itself (timm's
``F.batch_norm``, a channels-last ``F.layer_norm`` or ``F.linear``, ConvNeXt's
``layer_scale * x``), rather than held by a torch.nn layer."""

from __future__ import annotations

import functools
from typing import Any

import torch
from torch import fx

from engine.i18n import _
from engine.importer import layers
from engine.importer.fx_values import NHWC, Unmapped, arg


class StoredOps:
    """Mixin of :class:`engine.importer.fx_ops.Ops` for stored weights."""

    def _attr(self, target: str) -> torch.Tensor:
        self.touched.add(target)
        return functools.reduce(getattr, target.split("."), self.gm)

    def _stored(self, node: fx.Node, source: Any) -> tuple[torch.Tensor | None, str | None]:
        """A stored tensor argument (a get_attr) and its path; (None, None) for None."""
        if source is None:
            return None, None
        value = self.values.get(source) if isinstance(source, fx.Node) else None
        if not (isinstance(value, tuple) and value and value[0] == "const"):
            raise Unmapped(self.name(node), _("its weights are computed, not stored"))
        return self._attr(value[1]).detach(), value[1]

    def _layer_scale(self, node: fx.Node, x: fx.Node, const: tuple) -> Any:
        scale = self._attr(const[1]).detach()
        value = self.values.get(x)
        channels = (self._shape(x) or (0,))[-1 if isinstance(value, NHWC) else 0]
        shapes = [(channels,), (1, 1, 1, channels)] if isinstance(value, NHWC) else []
        shapes += [] if isinstance(value, NHWC) else [(channels, 1, 1), (1, channels, 1, 1)]
        if tuple(scale.shape) not in shapes:
            reason = _("multiplies by a stored tensor of shape {shape}", shape=list(scale.shape))
            raise Unmapped(self.name(node), reason)
        block = layers.layer_scale(scale)
        key = const[1].rsplit(".", 1)[0] if "." in const[1] else const[1]
        tensors = {"scale": scale.reshape(channels, 1, 1)}
        return self.emit(node, block, [x], tensors, {"scale": const[1]}, key=key)

    def _batch_norm(self, node: fx.Node) -> Any:
        mean, owner = self._stored(node, node.args[1])
        var, _path = self._stored(node, node.args[2])
        weight, _p = self._stored(node, arg(node, 3, "weight"))
        bias, _p = self._stored(node, arg(node, 4, "bias"))
        if arg(node, 5, "training", False):
            return self.emit(
                node, _("batch norm with batch statistics at inference"), node.args[:1]
            )
        block = layers.batch_norm(
            arg(node, 7, "eps", 1e-5), arg(node, 6, "momentum", 0.1), weight is not None, True
        )
        prefix = owner.rsplit(".", 1)[0] if "." in owner else ""
        try:
            count = self._attr(f"{prefix}.num_batches_tracked" if prefix else "num_batches_tracked")
        except AttributeError:  # a module without the counter: Convas's starts at 0
            count = torch.tensor(0)
        tensors = {"weight": weight, "bias": bias, "running_mean": mean, "running_var": var}
        tensors["num_batches_tracked"] = count.detach()
        return self._stored_block(node, block, tensors, prefix)

    def _layer_norm(self, node: fx.Node) -> Any:
        x, normalized = node.args[0], tuple(arg(node, 1, "normalized_shape", ()))
        weight, owner = self._stored(node, arg(node, 2, "weight"))
        bias, _p = self._stored(node, arg(node, 3, "bias"))
        channels = (self._shape(x) or (0,))[-1]
        if not isinstance(self.values.get(x), NHWC) or normalized != (channels,):
            return self.emit(node, _("layer norm over other dimensions than the channels"), [x])
        block = layers.layer_norm_2d(arg(node, 4, "eps", 1e-5), weight, bias)
        prefix = owner.rsplit(".", 1)[0] if owner and "." in owner else ""
        return self._stored_block(node, block, {"weight": weight, "bias": bias}, prefix)

    def _linear(self, node: fx.Node) -> Any:
        x = node.args[0]
        weight, owner = self._stored(node, node.args[1])
        bias, _p = self._stored(node, arg(node, 2, "bias"))
        prefix = owner.rsplit(".", 1)[0] if "." in owner else ""
        if isinstance(self.values.get(x), NHWC):
            block = ("Conv1x1", layers.explicit_conv1x1(weight.shape[0], bias is not None))
            weight = weight.reshape(*weight.shape, 1, 1)
        else:
            block = layers.linear(weight.shape[0], bias is not None)
        return self._stored_block(node, block, {"weight": weight, "bias": bias}, prefix)

    def _stored_block(self, node: fx.Node, block, tensors: dict, prefix: str) -> Any:
        tensors = {k: v for k, v in tensors.items() if v is not None}
        paths = {k: f"{prefix}.{k}" if prefix else k for k in tensors}
        return self.emit(node, block, node.args[:1], tensors, paths, key=prefix or None)
