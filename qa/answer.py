"""What `Assistant.ask` returns: the answer text and its citations, each quoting an exact span."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# What the assistant says, in every interface, when the texts do not answer a question.
NO_ANSWER = "The plans of action do not address this."


@dataclass(frozen=True)
class Citation:
    """A cited unit; `text[start:end] == quote`."""

    unit_id: str
    label: str
    text: str
    quote: str
    start: int
    end: int
    score: float
    footnotes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.text[self.start:self.end] != self.quote:
            raise ValueError(f"citation of {self.unit_id}: quote does not match text[{self.start}:{self.end}]")


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    abstained: bool
    citations: list[Citation]
    kind: str  # "factoid", "list" or "abstain"
    document: str = "adopted"
    groups: list[tuple[str, list[str]]] = field(default_factory=list)  # list answers: paragraph id -> unit ids
    reason: str = ""  # abstentions: why the texts are taken not to answer ("None of the closest passages states a penalty.")
    read_as: str = ""  # the question as read when a misspelt word was read anew ("... trafficking in women?"), else ""
    note: str = ""  # a remark on what was searched or shown: only the adopted text was searched; only some measures are shown

    def to_dict(self) -> dict[str, object]:
        return asdict(self)
