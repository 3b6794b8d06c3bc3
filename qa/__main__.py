"""`python -m qa "question" [--document adopted|draft|both] [--top-k N] [--json]`: answer one question.

Prints the answer, then each citation's label with the quoted span marked [[like this]]. Errors go to
stderr as one line, with exit status 2 for bad input and 1 for anything else.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace

from embeddings.offline import use_offline_environment

use_offline_environment()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m qa", description="Answer a question from the plans of action, with citations.")
    parser.add_argument("question", nargs="?", help="the question, in plain English (up to 1,000 characters)")
    parser.add_argument("--document", default="adopted", help="adopted (default), draft or both")
    parser.add_argument("--top-k", type=int, default=5, help="number of sources to cite (1-50, default 5)")
    parser.add_argument("--plan", help="restrict to one plan, I to XV")
    parser.add_argument("--section", help="restrict to national or international actions")
    parser.add_argument("--json", action="store_true", help="print the answer as JSON")
    parser.add_argument("--reader-model", metavar="DIR", help="a local SQuAD-style *ForQuestionAnswering checkpoint folder")
    parser.add_argument(
        "--encoder", default="torch", choices=("torch", "onnx", "onnx-int8"),
        help="how questions are encoded: torch (default), onnx (same vectors, faster) or onnx-int8 (fastest, slightly less accurate)",
    )
    parser.add_argument("--build-index", action="store_true", help="build (or check) the cached index and exit")
    return parser


class _Usage(Exception):
    """Bad command-line input: reported in one line, exit status 2."""


def _question(raw: str | None) -> str:
    if raw is None:
        raise _Usage("give a question, e.g. python -m qa \"What must States do about prison overcrowding?\"")
    # Python hands undecodable argument bytes over as lone surrogates.
    if any("\udc80" <= ch <= "\udcff" for ch in raw):
        raise _Usage("the question is not valid UTF-8 text")
    return raw


def render(answer) -> str:
    from qa.answer import NO_ANSWER

    lines = [f"(read as: {answer.read_as})", ""] if answer.read_as else []
    if answer.abstained:
        lines += [NO_ANSWER, *([answer.reason] if answer.reason else [])]
    else:
        lines.append(answer.answer)
    if answer.note:
        lines.append(f"Note: {answer.note}")
    lines += ["", "Closest passages (not an answer):" if answer.abstained else "Sources:"]
    for n, c in enumerate(answer.citations, start=1):
        marked = c.text if (c.start, c.end) == (0, len(c.text)) else f"{c.text[:c.start]}[[{c.quote}]]{c.text[c.end:]}"
        lines.append(f"[{n}] {c.label} ({c.unit_id})")
        lines.append(f"    {marked}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        from qa.config import DEFAULT, Config
        from qa.validation import check_top_k, clean_question

        from qa.scope import Scope

        Scope.of(args.document, args.plan, args.section)  # every bad option fails before the model loads
        check_top_k(args.top_k)
        config = Config(reader="transformers", reader_model=args.reader_model) if args.reader_model else DEFAULT
        config = replace(config, retrieval=replace(config.retrieval, encoder_backend=args.encoder))
        if not args.build_index:
            clean_question(_question(args.question))
        from qa.assistant import Assistant

        assistant = Assistant.load(config=config)
        if args.build_index:
            print(f"index: {assistant.retriever.vectors.origin} ({len(assistant.corpus.units)} units)")
            return 0
        answer = assistant.ask(args.question, document=args.document, top_k=args.top_k, plan=args.plan, section=args.section)
    except (_Usage, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except Exception as error:  # noqa: BLE001 - one line for the user, not a traceback
        print(f"error: {error.__class__.__name__}: {error}", file=sys.stderr)
        return 1
    try:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=1) if args.json else render(answer), flush=True)
    except BrokenPipeError:
        # Whoever reads the output stopped early ("| head"): no traceback, and none again when Python flushes at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
