"""The teaching views' engine: what the lesson's ideas look like for the user's network.

- :mod:`.explain`: one convolution or pooling worked out cell by cell.
- :mod:`.receptive`: each node's receptive field on the input.
- :mod:`.insight`: 1×1 bottleneck savings and inserting one.
- :mod:`.evaluation`: confusion matrix, mistakes and kernels of a trained network.

No Qt here; the widgets draw what these compute.
"""
