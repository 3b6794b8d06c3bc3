"""Writing an evaluation run: the table on stdout, report.md, per-question JSONL, a chart, metrics.json."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from eval.harness import METRIC_KEYS, Record, as_dict

SHOWN = ("hit@1", "hit@5", "mrr@10", "ndcg@10", "em", "f1", "abstain_recall", "false_abstain", "citation_acc", "latency_p50_ms", "latency_p95_ms")


def publish(markdown: str, out: Path) -> None:
    """Prints a markdown report and keeps a copy at `out`."""
    print(markdown)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(markdown + "\n", encoding="utf-8")


def _cell(value: float | None, key: str) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if key.startswith("latency") else f"{value:.3f}"


def table(rows: Mapping[str, Mapping[str, float | None]], keys: Sequence[str] = SHOWN, first: str = "config") -> str:
    header = f"| {first} | " + " | ".join(keys) + " |"
    rule = "|" + "---|" * (len(keys) + 1)
    lines = [header, rule]
    for name, row in rows.items():
        lines.append(f"| {name} | " + " | ".join(_cell(row.get(k), k) for k in keys) + " |")
    return "\n".join(lines)


def write_report(
    out: Path,
    overall: Mapping[str, Mapping[str, float | None]],
    by_type: Mapping[str, Mapping[str, float | None]],
    by_document: Mapping[str, Mapping[str, float | None]],
    records: Sequence[Record],
    heading: str,
    extra: str = "",
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "metrics.json").write_text(
        json.dumps({name: {k: row.get(k) for k in METRIC_KEYS} for name, row in overall.items()}, indent=1), encoding="utf-8"
    )
    with (out / "questions.jsonl").open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(as_dict(record), ensure_ascii=False) + "\n")
    report = [
        f"# {heading}",
        "",
        "## All configurations",
        "",
        table(overall, METRIC_KEYS),
        "",
        "## Default configuration by question type",
        "",
        "EM/F1 per type are on that type's own short answers (factoid and provenance); retrieval metrics on answerable questions.",
        "",
        table(by_type, METRIC_KEYS, "type"),
        "",
        "## Default configuration by document",
        "",
        table(by_document, METRIC_KEYS, "document"),
        "",
        extra,
        "![configurations](configurations.png)",
        "",
    ]
    (out / "report.md").write_text("\n".join(report), encoding="utf-8")
    _chart(out / "configurations.png", overall)


def _chart(path: Path, overall: Mapping[str, Mapping[str, float | None]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    keys = ("hit@1", "hit@5", "mrr@10", "f1", "citation_acc", "abstain_recall")
    names = list(overall)
    width = 0.8 / max(len(names), 1)
    figure, axes = plt.subplots(figsize=(10, 4.5))
    for i, name in enumerate(names):
        values = [overall[name].get(k) or 0.0 for k in keys]
        axes.bar([x + i * width for x in range(len(keys))], values, width, label=name)
    axes.set_xticks([x + width * (len(names) - 1) / 2 for x in range(len(keys))], keys)
    axes.set_ylim(0, 1)
    axes.set_ylabel("score")
    axes.set_title("Configurations on the gold set")
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
