"""Loading the bundled documents and looking units up by id."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from corpus.adopted import parse_adopted
from corpus.draft import parse_draft
from corpus.model import Document, Unit
from corpus.text import Vocabulary
from corpus.units import document_units, footnote_id

DATA_DIR = Path(__file__).resolve().parent / "data"
DOCUMENTS: Mapping[str, str] = {"adopted": "a_res_56_261.txt", "draft": "revised_draft_plans_2001.txt"}


class Corpus:
    """Both documents: their trees (`documents`) and their units in document order (`units`)."""

    def __init__(self, documents: Mapping[str, Document], sources: Mapping[str, str]) -> None:
        self.documents = dict(documents)
        self.units: list[Unit] = [u for doc in self.documents.values() for u in document_units(doc)]
        self._by_id = {u.unit_id: u for u in self.units}
        self._citing: dict[str, list[Unit]] = {}
        for unit in self.units:
            for footnote in unit.footnotes:
                self._citing.setdefault(footnote, []).append(unit)
        self._children: dict[str, list[Unit]] = {}
        for unit in self.units:
            if unit.parent_id is not None:
                self._children.setdefault(unit.parent_id, []).append(unit)
        self._plan_notes = {
            footnote_id(doc.alias, n): plan.title for doc in self.documents.values() for plan in doc.plans for n in plan.footnotes
        }
        if len(self._by_id) != len(self.units):
            raise ValueError("duplicate unit ids in the corpus")
        self.fingerprint = hashlib.sha256(
            "\0".join(f"{alias}\0{sources[alias]}" for alias in sorted(sources)).encode("utf-8")
        ).hexdigest()

    def get(self, unit_id: str) -> Unit:
        try:
            return self._by_id[unit_id]
        except KeyError:
            raise KeyError(
                f"unknown unit id {unit_id!r}; ids look like 'adopted:annex:32(a)', 'draft:note:4' or 'adopted:fn:10'"
            ) from None

    def footnote(self, document: str, number: int) -> Unit | None:
        """Footnote `number` of that text's annex, or None when the text has no such footnote."""
        return self._by_id.get(footnote_id(document, number))

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self._by_id

    def __len__(self) -> int:
        return len(self.units)

    def citing(self, footnote_id: str) -> list[Unit]:
        """The units whose text carries the reference to a footnote."""
        return list(self._citing.get(footnote_id, []))

    def plan_title_citing(self, footnote_id: str) -> str | None:
        """The title of the plan whose heading carries the reference to a footnote (draft plans IX, X, XI ...)."""
        return self._plan_notes.get(footnote_id)

    def children(self, unit_id: str) -> list[Unit]:
        """The direct subdivisions of a unit (subparagraphs of a paragraph, items of a subparagraph)."""
        return list(self._children.get(unit_id, []))


def parse_documents(sources: Mapping[str, str]) -> dict[str, Document]:
    vocabulary = Vocabulary(sources.values())
    parsers = {"adopted": parse_adopted, "draft": parse_draft}
    return {alias: parsers[alias](text, vocabulary) for alias, text in sources.items()}


def read_sources(data_dir: Path = DATA_DIR) -> dict[str, str]:
    return {alias: (data_dir / name).read_text(encoding="utf-8") for alias, name in DOCUMENTS.items()}


def load_corpus(data_dir: Path | str = DATA_DIR) -> Corpus:
    """Parse both bundled documents; raises `CorpusParseError` naming the line if a source is malformed."""
    sources = read_sources(Path(data_dir))
    return Corpus(parse_documents(sources), sources)
