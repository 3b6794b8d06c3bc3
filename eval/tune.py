"""`python -m eval.tune`: fit the reader's weights and the abstention threshold on the development split
and the training questions (`eval/gold/train.jsonl`).

Never on test: the test split is what the README reports. Retrieval runs once per question; the reader
is re-run under each candidate weighting (coordinate ascent), scoring factoid/provenance token F1 plus
the share of answerable questions whose first citation is relevant. The abstention threshold is then the
coverage threshold that best separates unanswerable from answerable questions of both sets, with false
abstention at or below 10 %.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from eval import metrics
from eval.gold import TRAIN_FILE, load_gold
from qa.compose import AnswerComposer
from qa.extractive import DEFAULT_WEIGHTS, ExtractiveReader, ReaderWeights
from qa.scope import Scope

GRID = {
    "type_match": (0.5, 1.0, 1.5, 2.0, 3.0),
    "context": (0.0, 0.5, 1.0, 2.0),
    "inside": (0.0, 0.5, 1.0),
    "overlap": (0.0, 0.5, 1.0, 2.0),
    "unit_rank": (0.0, 0.3, 1.0, 2.0, 3.0),
    "length": (0.0, 0.2, 0.5),
    "verb_object": (0.0, 0.25, 0.5, 1.0),
    "preposition": (0.0, 0.25, 0.5, 1.0),
}
MAX_FALSE_ABSTAIN = 0.10


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.tune", description=__doc__)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)

    from qa import Assistant

    assistant = Assistant.load()
    questions = load_gold(split="dev") + load_gold(TRAIN_FILE)
    prepared = []
    for q in questions:
        encoded = assistant.retriever.encode(q.question)
        hits = assistant.retriever.run(encoded, Scope.of(q.document).positions(assistant.corpus.units), 5)
        prepared.append((q, encoded, hits))

    def outcome(weights: ReaderWeights) -> tuple[float, list]:
        composer = AnswerComposer(
            assistant.corpus, ExtractiveReader(assistant.retriever.encoder, weights), assistant.retriever.vectors,
            abstain_threshold=float("-inf"), content_tokens=assistant.retriever.late_tokens,
        )
        f1s, cited, answers = [], [], []
        for q, encoded, hits in prepared:
            answer = composer.run(encoded, hits, q.document, 5)
            answers.append(answer)
            if q.answerable:
                cited.append(float(bool(answer.citations) and answer.citations[0].unit_id in q.relevant))
                if q.answers and q.type in ("factoid", "provenance"):
                    f1s.append(metrics.token_f1(answer.answer, q.answers))
        return metrics.mean(f1s) + metrics.mean(cited), answers

    best = DEFAULT_WEIGHTS
    best_score, _ = outcome(best)
    print(f"start {best_score:.4f} {best}", file=sys.stderr)
    for _ in range(args.rounds):
        for name, values in GRID.items():
            for value in values:
                trial = replace(best, **{name: value})
                score, _ = outcome(trial)
                if score > best_score + 1e-9:
                    best, best_score = trial, score
                    print(f"  {name}={value}: {score:.4f}", file=sys.stderr)
    print(f"weights: {best}\nobjective (F1 + citation accuracy on dev and train): {best_score:.4f}")

    # The threshold is checked through the whole composer, so that the type and vocabulary checks count too;
    # it is the one that best separates unanswerable from answerable questions (recall minus false
    # abstention), within the false-abstention budget; -inf switches the coverage check off.
    chosen, chosen_gain = None, float("-inf")
    for threshold in (float("-inf"), 0.15, 0.18, 0.20, 0.22, 0.24, 0.26, 0.28, 0.30):
        composer = AnswerComposer(
            assistant.corpus, ExtractiveReader(assistant.retriever.encoder, best), assistant.retriever.vectors, threshold,
            content_tokens=assistant.retriever.late_tokens,
        )
        abstained = [composer.run(encoded, hits, q.document, 5).abstained for q, encoded, hits in prepared]
        scores = metrics.abstention_scores(abstained, [q.answerable for q, _, _ in prepared])
        gain = scores["abstain_recall"] - scores["false_abstain"]
        print(f"threshold {threshold:.2f}: {scores}, recall - false abstention {gain:.3f}")
        if scores["false_abstain"] <= MAX_FALSE_ABSTAIN and gain > chosen_gain + 1e-9:
            chosen, chosen_gain = threshold, gain
    print(f"abstain threshold (best recall - false abstention, false abstention <= {MAX_FALSE_ABSTAIN}): {chosen}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
