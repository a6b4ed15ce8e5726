"""Export a graph as standalone PyTorch code, weights, ONNX or a torch.export program.

``generate_code`` needs no torch (the code preview calls it on every edit); the
functions that write files import torch when called.
"""

from engine.export.codegen import ExportError, GeneratedCode, generate_code
