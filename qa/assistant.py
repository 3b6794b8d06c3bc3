"""The public Python API: `Assistant.load()`, `.ask()`, `.retrieve()`, `.corpus`."""

from __future__ import annotations

import gc
import os
from collections.abc import Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from corpus import Corpus, load_corpus
from embeddings import Encoder, IndexCache, contextual_text
from qa.answer import Answer
from qa.candidates import know_parses
from qa.changes import answer_change, is_change_question, ranks_plans
from qa.compare import Alignment, Comparison
from qa.citing import abstention
from qa.compose import AnswerComposer
from qa.config import DEFAULT, Config
from qa.lexical import LexicalIndex
from qa.parses import ParseCache
from qa.readers import build_reader
from qa.references import RESOLUTION_PARTS, asked_of_the_resolution
from qa.retriever import Hit, HybridRetriever
from qa.scope import DRAFT_NOT_SEARCHED, Scope, draft_not_searched, plan_named
from qa.spelling import Speller
from qa.validation import check_top_k, clean_question

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Questions ranked together: one matrix product scores them all against the units' tokens; bounded so
# that its (tokens x question tokens) result stays a few MB.
_RETRIEVAL_BATCH = 32


def default_cache_dir() -> Path:
    return Path(os.environ.get("VIENNA_QA_CACHE", PROJECT_DIR / ".cache")) / "index"


class Assistant:
    """Answers questions over both documents with citations; models are loaded once, at `load`."""

    def __init__(self, corpus: Corpus, retriever: HybridRetriever, composer: AnswerComposer, config: Config) -> None:
        self.corpus = corpus
        self.retriever = retriever
        self.composer = composer
        self.config = config
        self.speller = Speller(u.text for u in corpus.units)
        self._positions: dict[Scope, np.ndarray] = {}

    @classmethod
    def load(
        cls,
        config: Config = DEFAULT,
        model_dir: str | Path | None = None,
        cache_dir: str | Path | None = None,
        corpus: Corpus | None = None,
        encoder: Encoder | None = None,
    ) -> Assistant:
        """Bundled corpus and model; builds the vector index or reuses the cached one."""
        # numpy's BLAS threads spin after each small matrix product and starve torch's threads on a
        # two-core machine (measured: 21 ms per question with one BLAS thread, 109 ms without).
        threadpool_limits(1, user_api="blas")  # also set when the encoder loads; here for a custom encoder
        corpus = corpus or load_corpus()
        encoder = encoder or Encoder(model_dir)
        texts = [contextual_text(u, corpus) for u in corpus.units]
        folder = cache_dir or default_cache_dir()
        unit_texts = [u.text for u in corpus.units]
        vectors = IndexCache(folder).load_or_build([u.unit_id for u in corpus.units], texts, unit_texts, encoder)
        retriever = HybridRetriever(corpus.units, encoder, vectors, LexicalIndex(texts), config.retrieval)
        reader = build_reader(config, encoder)
        if getattr(reader, "with_linguistics", False):
            know_parses(unit_texts, ParseCache(folder).load_or_build(unit_texts))
        composer = AnswerComposer(
            corpus, reader, vectors, content_tokens=retriever.late_tokens, embed_tokens=retriever.token_embedder.embed
        )
        gc.freeze()  # what is loaded lives as long as the process: the cyclic collector need not scan it again
        return cls(corpus, retriever, composer, config)

    def with_config(self, config: Config) -> Assistant:
        """The same loaded models and index under other settings (for side-by-side evaluation)."""
        same_backend = config.retrieval.encoder_backend == self.config.retrieval.encoder_backend
        retriever = HybridRetriever(
            self.retriever.units, self.retriever.encoder, self.retriever.vectors, self.retriever.lexical, config.retrieval,
            token_embedder=self.retriever.token_embedder if same_backend else None,
        )
        composer = AnswerComposer(
            self.corpus, build_reader(config, self.retriever.encoder), self.retriever.vectors, content_tokens=retriever.late_tokens,
            embed_tokens=retriever.token_embedder.embed,
        )
        return Assistant(self.corpus, retriever, composer, config)

    def retrieve(
        self,
        question: str,
        document: str = "adopted",
        top_k: int = 10,
        plan: str | None = None,
        section: str | None = None,
        part: str | Sequence[str] | None = None,
    ) -> list[Hit]:
        text = self.speller.correct(clean_question(question))
        scope = Scope.of(document, plan or plan_named(text), section, part)
        return self.retriever.run(text, self._allowed(scope), check_top_k(top_k))

    def ask(
        self,
        question: str,
        document: str = "adopted",
        top_k: int = 5,
        plan: str | None = None,
        section: str | None = None,
    ) -> Answer:
        return self.ask_many([question], document=document, top_k=top_k, plan=plan, section=section)[0]

    def ask_many(
        self,
        questions: Sequence[str],
        document: str = "adopted",
        top_k: int = 5,
        plan: str | None = None,
        section: str | None = None,
    ) -> list[Answer]:
        """Answers in the order of the questions; the questions are encoded in batches, which is where
        the time goes (every input is checked before any work starts)."""
        asked = [clean_question(q) for q in questions]
        top_k = check_top_k(top_k)
        Scope.of(document, plan, section)  # refuses a bad document, plan or section before any work starts
        texts = [self.speller.correct(q) for q in asked]
        encoded = self.retriever.encode_many(texts)
        change = [is_change_question(text, document) for text in texts]
        wanted = max(top_k, self.config.read_top)
        hits: list[list[Hit]] = [[] for _ in texts]
        # Change questions are looked up in both documents' annexes, the rest in the scope asked for; a question
        # naming one plan ("paragraph 8 of plan II") in that plan, unless the caller chose one.
        groups: dict[tuple[bool, str | None, tuple[str, ...] | None], list[int]] = {}
        for i, text in enumerate(texts):
            named = plan or plan_named(text)
            # What the resolution itself asks of whom is in its own paragraphs, whatever the annex says.
            own = (
                RESOLUTION_PARTS if document != "draft" and not (named or section or change[i]) and asked_of_the_resolution(text)
                else None
            )
            groups.setdefault((change[i], named, own), []).append(i)
        for (is_change, named, own), chosen in groups.items():
            search = Scope.of("both", named, section, part="annex") if is_change else Scope.of(document, named, section, own)
            allowed = self._allowed(search)
            for start in range(0, len(chosen), _RETRIEVAL_BATCH):
                batch = chosen[start:start + _RETRIEVAL_BATCH]
                for i, found in zip(batch, self.retriever.run_many([encoded[i] for i in batch], allowed, wanted)):
                    hits[i] = found
        plain = [i for i, is_change in enumerate(change) if not is_change]
        answers = dict(zip(plain, self.composer.run_many([encoded[i] for i in plain], [hits[i] for i in plain], document, top_k)))
        changed = [i for i, is_change in enumerate(change) if is_change]
        # What changed about a subject the texts never speak of ("Was the measure on whistle-blowers kept?") is no
        # change to report; which plan changed most is about no passage.
        about_passages = [i for i in changed if not ranks_plans(texts[i])]
        off_topic = self.composer.off_topic_many([encoded[i] for i in about_passages], [hits[i] for i in about_passages])
        reasons = dict(zip(about_passages, off_topic))
        for i in changed:
            reason = reasons.get(i)
            answers[i] = (
                abstention(texts[i], hits[i], document, top_k, reason) if reason is not None
                else answer_change(texts[i], hits[i], self.corpus, self.alignment, document, top_k)
            )
        # Each answer names the question as asked, and as read when a misspelt word was read anew; it says so when the
        # question speaks of the draft and only the adopted text was searched (unless its reason says so already).
        for i, text in enumerate(texts):
            if text != asked[i]:
                answers[i] = replace(answers[i], question=asked[i], read_as=text)
            if draft_not_searched(text, document) and not change[i] and "draft" not in answers[i].reason:
                answers[i] = replace(answers[i], note=" ".join(filter(None, (answers[i].note, DRAFT_NOT_SEARCHED))))
        return [answers[i] for i in range(len(texts))]

    def _allowed(self, scope: Scope) -> np.ndarray:
        """The positions of the units in scope; there are few scopes, and every question asks for one."""
        if scope not in self._positions:
            self._positions[scope] = scope.positions(self.corpus.units)
        return self._positions[scope]

    @cached_property
    def alignment(self) -> Alignment:
        """Draft-to-adopted alignment of the annex units, built on first use."""
        return Alignment(self.corpus)

    def compare(self, unit_id: str) -> Comparison:
        """What became of a draft annex unit in the adopted text, or where an adopted one came from."""
        return self.alignment.compare(unit_id)

    def changes(self, plan: str | None = None) -> list[Comparison]:
        """The comparisons of every unit of a plan (`"VII"`), or of all plans."""
        if plan is not None:
            plan = Scope.of("both", plan=plan).plan
        return self.alignment.changes(plan)
