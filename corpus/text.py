"""Text clean-up shared by both parsers: line joining, hyphenation, footnote markers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_SPACES = re.compile(r"\s+")
_BROKEN_WORD_END = re.compile(r"([A-Za-z]+)-$")
_WORD_START = re.compile(r"^([a-z]+)")

# A footnote reference is a number glued to the preceding word or punctuation ("Century1",
# "prevention;4", "2000,1"). Document symbols ("E/CN.15/2001/L.8") and parts of numbers are not.
_MARKER = re.compile(r"(?<![\d/-])(?<=[^\s\d])(\d{1,2})(?=[\s,.;:)]|$)")
_SYMBOL_TAIL = re.compile(r"[A-Z]\.$")


class Vocabulary:
    """Words of the corpus itself, used to decide how a word broken across lines is rejoined."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.words: set[str] = set()
        for text in texts:
            lines = text.splitlines()
            for index, line in enumerate(lines):
                tokens = line.split()
                if tokens and tokens[-1].endswith("-"):
                    tokens = tokens[:-1]
                if index > 0 and lines[index - 1].rstrip().endswith("-") and tokens:
                    tokens = tokens[1:]
                for token in tokens:
                    self.words.update(w.lower() for w in _WORD.findall(token))

    def join(self, head: str, tail: str) -> str:
        """Rejoin `head-` at a line end with `tail`: keep the hyphen of a real compound, drop a typesetting one."""
        hyphenated, joined = f"{head}-{tail}".lower(), f"{head}{tail}".lower()
        if hyphenated in self.words or any(w.startswith(hyphenated + "-") for w in self.words):
            return f"{head}-{tail}"
        if joined in self.words:
            return f"{head}{tail}"
        if head.lower() in self.words and tail.lower() in self.words:
            return f"{head}-{tail}"
        return f"{head}{tail}"


def join_lines(lines: Sequence[str], vocabulary: Vocabulary) -> str:
    """Join wrapped lines into one paragraph of single-spaced prose."""
    text = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        broken = _BROKEN_WORD_END.search(text)
        starts = _WORD_START.match(line)
        if broken and starts:
            head, tail = broken.group(1), starts.group(1)
            text = text[: broken.start()] + vocabulary.join(head, tail) + line[len(tail):]
        else:
            text = f"{text} {line}" if text else line
    return squeeze(text)


def squeeze(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def marker_positions(text: str) -> list[tuple[int, int, int]]:
    """(number, start, end) of every footnote reference in `text`."""
    found = []
    for match in _MARKER.finditer(text):
        if _SYMBOL_TAIL.search(text[: match.start()]):
            continue
        found.append((int(match.group(1)), match.start(), match.end()))
    return found


def strip_markers(text: str, positions: Sequence[tuple[int, int, int]]) -> str:
    for _, start, end in reversed(positions):
        text = text[:start] + text[end:]
    return squeeze(text)
