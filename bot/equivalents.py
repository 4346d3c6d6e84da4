"""Documents that give a role's name as another name for their own role.

The technician guide says "Occupational Therapy Technicians, also known as Occupational
Therapy Assistants"; the assistant template is the assistant's own document. A question about
the assistant is answered from its own document first, and from the guide too, with the
sentence that links the two names quoted, so the reader sees why.
"""

from __future__ import annotations

import re

from bot.index import Chunk, KnowledgeIndex, Snapshot
from bot.roles import Role
from bot.text import normalize
from ingest.records import StoredUnit

_EQUIVALENCE = re.compile(
    r"\b(also|sometimes|often|commonly) (known|called|referred to) as\b", re.IGNORECASE
)


def equivalents(
    index: KnowledgeIndex, snap: Snapshot, role: Role
) -> list[tuple[Chunk, StoredUnit, str]]:
    """Passages of other roles' documents that give one of this role's names as another name
    for theirs, one a document, with the name as it stands in the passage. Cached per
    snapshot."""
    key = role.name
    if key in snap.equivalents:
        return snap.equivalents[key]
    others = [d for d in snap.docs if d not in role.doc_ids]
    found: dict[str, tuple[Chunk, StoredUnit, str]] = {}
    for alias in role.aliases:
        name = normalize(alias)
        if len(name) < 8 or not others:
            continue
        words = r"\s+".join(re.escape(w) for w in name.split())
        pattern = re.compile(r"\b" + words + r"s?\b", re.IGNORECASE)
        hits = index.keyword(snap, alias, 10, others)
        for chunk in index.fetch(snap, [cid for cid, _ in hits]):
            if chunk.doc_id in found:
                continue
            for unit in chunk.units:
                match = pattern.search(unit.text)
                if match and _EQUIVALENCE.search(unit.text):
                    found[chunk.doc_id] = (chunk, unit, match.group(0))
                    break
    snap.equivalents[key] = list(found.values())
    return snap.equivalents[key]
