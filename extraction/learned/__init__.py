"""The learned layer: two small heads over a packaged sentence encoder, added to the rules.

The rules stay the precision layer. For each contested issue the rules did not propose, the
relevance head scores every sentence of the statement; the best sentence above the threshold
becomes a proposal, with the position the stance head reads in it. The heads are plain data
(``heads.json``: weights, the training data's digest, their scores), fitted deterministically by
``manage.py train_extractor``; prediction is numpy only.
"""

from .layer import LearnedLayer, load_learned_layer

__all__ = ["LearnedLayer", "load_learned_layer"]
