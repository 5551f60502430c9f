"""The ``scamcheck`` command line.

argparse (standard library) rather than click: it adds no dependency and nothing to the
cold start of ``scamcheck check``, which imports only what the one command needs.
"""

from __future__ import annotations

import argparse
import json
import sys

from .exitcodes import EXIT_STATUS_HELP


def _check(args: argparse.Namespace) -> int:
    text = args.text if args.text is not None else sys.stdin.read()
    from .classifier import Classifier

    result = Classifier.load(args.model).classify(text, args.sender)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(result.explain())
    return 0


def _score(args: argparse.Namespace) -> int:
    from functools import partial

    from .batch import score
    from .classifier import Classifier
    from .formats import ReaderOptions

    return score(
        args.inputs,
        args.output,
        classifier_factory=partial(Classifier.load, args.model),
        reader=ReaderOptions(
            format=args.format,
            encoding=args.encoding,
            text_column=args.text_column,
            sender_column=args.sender_column,
            time_column=args.time_column,
            id_column=args.id_column,
        ),
        jobs=args.jobs,
        include_text=args.include_text,
        progress=False if args.no_progress else None,
    )


class _InputFormats:
    """``auto`` and the names of ``formats.READERS``, as argparse ``choices``: looked up only
    when ``--format`` is given or help shown, because importing the readers would add to
    the cold start of every other command."""

    def _names(self) -> list[str]:
        from .formats import READERS

        return ["auto", *READERS]

    def __iter__(self):
        return iter(self._names())

    def __contains__(self, name: object) -> bool:
        return name in self._names()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scamcheck",
        description="Label Chinese SMS about consumer debt: official_reminder, "
        "aggressive_collection, likely_scam or unrelated — and say why.",
    )
    parser.add_argument("--model", metavar="DIR", help="model folder (default: the shipped one)")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="label one message and explain the decision")
    check.add_argument("text", nargs="?", help="the message (default: read standard input)")
    check.add_argument("--sender", help="the sender's number, if known")
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    check.set_defaults(run=_check)

    score = sub.add_parser(
        "score",
        help="label every message of exported SMS files",
        description="Label every message of exported SMS files (Android SMS Backup & Restore "
        "XML, CSV/TSV, JSON Lines, plain text), one output row per input record, in order.",
        epilog=EXIT_STATUS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    score.add_argument("inputs", nargs="+", metavar="INPUT", help="input file, or - for stdin")
    score.add_argument("-o", "--output", help="output file: .csv, .tsv or .jsonl by its suffix; "
                       "- (the default) is CSV on stdout")
    score.add_argument("--format", default="auto", choices=_InputFormats(),
                       help="input format (default: detected)")
    score.add_argument("--encoding", default="auto",
                       help="auto (default), utf-8, gb18030, utf-16, …")
    score.add_argument("--text-column", help="column or field holding the message text")
    score.add_argument("--sender-column", help="column or field holding the sender")
    score.add_argument("--time-column", help="column or field holding the time")
    score.add_argument("--id-column", help="column or field holding a record id")
    score.add_argument("--jobs", type=int, help="worker processes (default: all cores)")
    score.add_argument("--include-text", action="store_true", help="add the text to each row")
    score.add_argument("--no-progress", action="store_true", help="no progress bar")
    score.set_defaults(run=_score)

    # Listed for --help; main() hands their arguments to their own parsers.
    sub.add_parser("train", help="train the model from data/corpus.csv (see train --help)")
    sub.add_parser("evaluate", help="measure the model (see evaluate --help)")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # train and evaluate own their options; hand them the rest of the command line.
    if argv and argv[0] in ("train", "evaluate"):
        from importlib import import_module

        return import_module(f"scamcheck.{argv[0]}").main(argv[1:])
    args = build_parser().parse_args(argv)
    from .model import ModelError
    from .rules import RuleError

    try:
        return args.run(args)
    except (ModelError, RuleError) as exc:
        print(f"scamcheck: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader of our output went away (`| head`): not an error of ours.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
