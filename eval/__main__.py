"""`python -m eval [--gold FILE] [--split test] [--config NAME ...] [--out DIR] [--no-adapter]`: score the assistant."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eval.gold import ALIGNMENT_FILE, GOLD_FILE, SPLITS, check_against_corpus, load_gold
from eval.harness import breakdown, evaluate, summarize
from eval.report import table, write_report
from eval.targets import target_results, targets_table

DEFAULT_CONFIGS = ("bm25", "dense", "hybrid-rrf", "hybrid-no-late", "hybrid-no-structure", "hybrid", "default")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval", description=__doc__)
    parser.add_argument("--gold", type=Path, default=GOLD_FILE, help="gold questions (JSON Lines, contract section 4)")
    parser.add_argument("--split", choices=SPLITS, default="test", help="which split of the gold file (default: test)")
    parser.add_argument("--all", action="store_true", help="use every question, ignoring the split")
    parser.add_argument("--config", action="append", help="configuration(s) to run side by side (default: all)")
    parser.add_argument("--out", type=Path, default=Path("eval/out"), help="folder for report.md, metrics.json, ...")
    parser.add_argument("--no-adapter", action="store_true", help="the bundled model without its corpus-fitted biases")
    args = parser.parse_args(argv)

    from qa import Assistant
    from qa.config import named

    try:
        questions = load_gold(args.gold, None if args.all else args.split)
        configs = [named(name) for name in (args.config or DEFAULT_CONFIGS)]
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.no_adapter:
        from embeddings import Encoder

        from qa.assistant import default_cache_dir

        # Its own cache: the untuned model's index would otherwise replace the default one, rebuilt on the next load.
        cache = default_cache_dir().with_name("index-no-adapter")
        base = Assistant.load(encoder=Encoder(adapter_dir=None), cache_dir=cache)
    else:
        base = Assistant.load()
    problems = check_against_corpus(questions, base.corpus)
    if problems:
        print("error: the gold file does not match the corpus:\n  " + "\n  ".join(problems[:20]), file=sys.stderr)
        return 2
    overall, records = {}, []
    for config in configs:
        assistant = base.with_config(config)
        config_records = evaluate(assistant, questions, config.name)
        overall[config.name] = summarize(config_records)
        records += config_records
        print(f"{config.name}: {len(config_records)} questions", file=sys.stderr)
    from qa.compare import alignment_scores

    alignment = alignment_scores(base.alignment, ALIGNMENT_FILE)
    alignment_line = (
        f"Draft/adopted alignment against {ALIGNMENT_FILE.name} "
        f"({alignment['units']} hand-checked units, {alignment['pairs_gold']} gold pairs): "
        f"precision {alignment['precision']:.3f}, recall {alignment['recall']:.3f}, status accuracy {alignment['status_accuracy']:.3f}"
    )
    last = configs[-1].name
    default_records = [r for r in records if r.config == last]
    split = "all questions" if args.all else f"{args.split} split"
    targets = targets_table(target_results(default_records))
    print(table(overall))
    print(f"\nTargets ({last} configuration, 95 % intervals):\n{targets}")
    print(f"\n{alignment_line}")
    write_report(
        args.out, overall, breakdown(default_records, "type"), breakdown(default_records, "document"), records,
        heading=f"Evaluation on {args.gold.name}, {split} ({len(questions)} questions)",
        extra=(
            f"## Targets ({last} configuration, 95 % intervals)\n\n{targets}\n\n"
            f"## Draft versus adopted alignment\n\n{alignment_line}\n"
        ),
    )
    print(f"\nreport: {args.out / 'report.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
