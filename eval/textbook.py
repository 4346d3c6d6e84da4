"""The textbook LangChain pipeline, the baseline every configuration is compared with:
1000-character recursive splits, top-4 similarity search in Chroma, the top chunk as the answer.
"""

from __future__ import annotations

import bisect
import time
import uuid

from langchain_core.documents import Document

from bot.answer import Answer, Citation
from eval.documents import Documents, read_documents
from ingest.chunking import chunk_document
from ingest.store import SEARCH_EF


class TextbookPipeline:
    """Built from the documents (a kb/ folder or a source) in an in-memory Chroma collection;
    `answer` mirrors CareerBot.answer."""

    def __init__(
        self,
        documents: Documents,
        embedder,
        chunk_size: int = 1000,
        chunk_overlap: int = 200,
    ):
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(
            chunk_size=chunk_size, chunk_overlap=chunk_overlap, add_start_index=True
        )
        splits: list[Document] = []
        # Where each section of a document starts, to name the section a split falls in.
        self._sections: dict[str, tuple[list[int], list[str]]] = {}
        for document in read_documents(documents):
            loaded, meta = document.loaded, document.meta
            base = {"doc_id": meta.id, "title": meta.title, "source": meta.source}
            splits += splitter.split_documents([Document(loaded.text, metadata=base)])
            chunks = chunk_document(
                meta.id, loaded.text, loaded.format, role_names=meta.role_names()
            )
            self._sections[meta.id] = ([c.start for c in chunks], [c.heading_path for c in chunks])
        client = chromadb.EphemeralClient(ChromaSettings(anonymized_telemetry=False))
        self.store = Chroma(
            collection_name=f"textbook-{uuid.uuid4().hex[:8]}",
            embedding_function=embedder.as_langchain(),
            client=client,
            # searched exactly, as careerbot's store is: the baseline's figures are the same in
            # every run (Chroma's default search is approximate, its graph built at random)
            collection_configuration={"hnsw": {"ef_search": SEARCH_EF}},
        )
        self.store.add_documents(splits)
        self.retriever = self.store.as_retriever(search_kwargs={"k": 4})

    def section_of(self, doc_id: str, start: int) -> str:
        starts, paths = self._sections.get(doc_id, ([], []))
        i = bisect.bisect_right(starts, start) - 1
        return paths[max(i, 0)] if paths else ""

    def answer(self, question: str, history=(), role: str | None = None) -> Answer:
        started = time.perf_counter()
        docs = self.retriever.invoke(question)
        top = docs[0]
        meta = top.metadata
        section = self.section_of(meta["doc_id"], int(meta.get("start_index", 0)))
        citation = Citation(
            1, meta["doc_id"], meta["title"], section, meta["source"], top.page_content
        )
        return Answer(
            question=question,
            answer=f"{top.page_content} [1]",
            refused=False,
            citations=[citation],
            latency_ms=(time.perf_counter() - started) * 1000,
            retrieved=[
                (
                    d.metadata["doc_id"],
                    self.section_of(d.metadata["doc_id"], int(d.metadata.get("start_index", 0))),
                )
                for d in docs
            ],
        )
