"""Run in its own process after a fault: is the store consistent, and does it answer?

python -m tests.fault_check DATA_DIR QUESTION  ->  one JSON line
"""

import json
import sys
from pathlib import Path

from bot.service import CareerBot
from ingest.embedding import make_embedder
from ingest.offline import offline_environment
from ingest.store import Store


def main() -> None:
    offline_environment()
    data_dir, question = Path(sys.argv[1]), sys.argv[2]
    store = Store(data_dir)
    docs = {d: r for d, r in store.documents().items() if r.state != "deleting"}
    got = store.chunks.get(include=["metadatas"])
    live: dict[str, int] = {}
    stale = 0
    for meta in got["metadatas"]:
        doc = docs.get(meta["doc_id"])
        if doc is not None and meta["doc_hash"] == doc.content_hash:
            live[meta["doc_id"]] = live.get(meta["doc_id"], 0) + 1
        else:
            stale += 1
    incomplete = sorted(d for d, r in docs.items() if live.get(d, 0) != r.chunks)
    units = set(store.units.get()["ids"])
    missing_units = sum(1 for cid in got["ids"] if cid not in units)
    answer = CareerBot(store, make_embedder("onnx-int8")).answer(question)
    print(
        json.dumps(
            {
                "documents": sorted(docs),
                "incomplete": incomplete,
                "stale_chunks": stale,
                "chunks_without_units": missing_units,
                "answer": answer.answer,
                "cited": [c.doc_id for c in answer.citations],
            }
        )
    )


if __name__ == "__main__":
    main()
