"""The two source documents, parsed into a typed tree and a flat list of citable units."""

from corpus.corpus import DOCUMENTS, Corpus, load_corpus
from corpus.model import CorpusParseError, Document, Footnote, Item, Paragraph, Plan, Section, Subparagraph, Unit

__all__ = [
    "DOCUMENTS",
    "Corpus",
    "CorpusParseError",
    "Document",
    "Footnote",
    "Item",
    "Paragraph",
    "Plan",
    "Section",
    "Subparagraph",
    "Unit",
    "load_corpus",
]
