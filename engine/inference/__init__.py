"""Asking a trained network about images: predictions, feature maps, Grad-CAM, saliency.

:class:`Predictor` holds a compiled network with its weights, class names and the
normalisation it was trained with; images (files, Pillow images, drawn arrays) are
fitted to its Input exactly as training fits an image folder. The window's Try it
panel and ``python main.py predict`` use it. Importing this package does not import
torch; building a predictor does.
"""

from engine.inference.predictor import PredictError, Prediction, Predictor, TrainedMeta

__all__ = ["PredictError", "Prediction", "Predictor", "TrainedMeta"]
