"""`python -m corpus export --out DIR`: the parsed units as `units.jsonl` and a BEIR `corpus.jsonl`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from corpus.corpus import load_corpus
from corpus.model import CorpusParseError


def export(out: Path) -> tuple[Path, Path]:
    corpus = load_corpus()
    out.mkdir(parents=True, exist_ok=True)
    units_path, beir_path = out / "units.jsonl", out / "corpus.jsonl"
    with units_path.open("w", encoding="utf-8") as units, beir_path.open("w", encoding="utf-8") as beir:
        for unit in corpus.units:
            units.write(json.dumps(unit.to_dict(), ensure_ascii=False) + "\n")
            beir.write(json.dumps({"_id": unit.unit_id, "title": unit.label, "text": unit.text}, ensure_ascii=False) + "\n")
    return units_path, beir_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpus", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    export_parser = commands.add_parser("export", help="write units.jsonl and corpus.jsonl")
    export_parser.add_argument("--out", type=Path, required=True, help="folder to write into (created if missing)")
    args = parser.parse_args(argv)
    try:
        written = export(args.out)
    except (CorpusParseError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
