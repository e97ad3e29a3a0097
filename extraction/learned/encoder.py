"""The sentence encoder: WordLlama's static 256-dimension embeddings, shipped inside its wheel.

Loaded from the package's own folder with downloads disabled, so nothing is fetched at run time;
the embeddings are deterministic (token vectors averaged, no sampling, no torch).
"""

from __future__ import annotations

import os
import threading
from functools import cache

import numpy as np

_lock = threading.Lock()


class Encoder:
    """Sentences -> L2-normalised float32 vectors."""

    dim = 256

    def __init__(self) -> None:
        import wordllama

        self._model = wordllama.WordLlama.load(
            cache_dir=os.path.dirname(wordllama.__file__), disable_download=True, dim=self.dim
        )

    def embed(self, sentences: list[str]) -> np.ndarray:
        if not sentences:
            return np.zeros((0, self.dim), dtype=np.float32)
        with _lock:
            vectors = self._model.embed(sentences, norm=True)
        return np.asarray(vectors, dtype=np.float32)


@cache
def load_encoder() -> Encoder:
    """The encoder, loaded once per process (about half a second)."""
    return Encoder()
