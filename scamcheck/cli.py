"""The ``scamcheck`` command line.

argparse (standard library) rather than click: it adds no dependency and nothing to the
cold start of ``scamcheck check``, which imports only what the one command needs.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from .exitcodes import EXIT_STATUS_HELP, EXIT_USAGE


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

    return score(
        args.inputs,
        args.output,
        classifier_factory=partial(Classifier.load, args.model),
        fmt=args.format,
        encoding=args.encoding,
        text_column=args.text_column,
        sender_column=args.sender_column,
        time_column=args.time_column,
        id_column=args.id_column,
        jobs=args.jobs,
        include_text=args.include_text,
        progress=False if args.no_progress else None,
    )


def _report(args: argparse.Namespace) -> int:
    from functools import partial
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from .classifier import Classifier
    from .report.build import build_report
    from .report.counterpart import counterpart
    from .report.facts import Scope

    try:
        ZoneInfo(args.tz)
    except (ZoneInfoNotFoundError, ValueError):
        print(f"scamcheck: error: unknown time zone {args.tz!r}", file=sys.stderr)
        return EXIT_USAGE
    scope = Scope(timezone=args.tz, date_from=args.date_from, date_to=args.date_to,
                  senders=frozenset(counterpart(number) for number in args.sender or ()))
    reader = {option: getattr(args, option) for option in (
        "format", "encoding", "text_column", "sender_column", "time_column", "id_column")}
    classifier = Classifier.load(args.model)
    return build_report(args.inputs, scored=partial(_scored, classifier, reader),
                        html=args.output, json=args.json, scope=scope, model=args.model,
                        reader=reader)


def _scored(classifier, reader: dict, path: str):
    """``(Record, Result | None)`` for every record of one input, in order (``None``: empty or
    unreadable). Replaced by iter_scored on merge, the whole body becoming:

        with iter_scored([path], classifier=classifier, explain=True, **reader) as stream:
            for item in stream:
                yield item.record, item.verdict
    """
    from .formats import OK, FormatError
    from .report.provenance import open_input

    def scored(chunk):
        ok = [record for record in chunk if record.status == OK]
        results = iter(classifier.classify_many([r.text for r in ok],
                                                [r.sender or None for r in ok]))
        return [(record, next(results) if record.status == OK else None) for record in chunk]

    chunk, fault = [], None
    with open_input(path, **reader) as records:
        try:
            for record in records:
                chunk.append(record)
                if len(chunk) == 2000:
                    yield from scored(chunk)
                    chunk = []
        except FormatError as error:  # the records before it are good: score them first
            fault = error
    yield from scored(chunk)
    if fault is not None:
        raise fault


def _add_reader_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", default="auto",
                        choices=["auto", "xml", "csv", "tsv", "jsonl", "txt"])
    parser.add_argument("--encoding", default="auto",
                        help="auto (default), utf-8, gb18030, utf-16, …")
    parser.add_argument("--text-column", help="column or field holding the message text")
    parser.add_argument("--sender-column", help="column or field holding the sender")
    parser.add_argument("--time-column", help="column or field holding the time")
    parser.add_argument("--id-column", help="column or field holding a record id")


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
    score.add_argument("-o", "--output", help="output file (.csv or .jsonl); default CSV to stdout")
    _add_reader_options(score)
    score.add_argument("--jobs", type=int, help="worker processes (default: all cores)")
    score.add_argument("--include-text", action="store_true", help="add the text to each row")
    score.add_argument("--no-progress", action="store_true", help="no progress bar")
    score.set_defaults(run=_score)

    report = sub.add_parser(
        "report",
        help="write an HTML evidence report of an exported inbox, for a complaint",
        description="Write one self-contained HTML page from exported SMS files: per sender, "
        "a day-by-day timeline, messages between 22:00 and 08:00, busy days, every unlawful "
        "collection message quoted with the rule it breaks and its legal basis, every likely "
        "scam, where to complain, and the inputs' SHA-256. Received messages only.",
        epilog="exit status: 0 written; 1 written, but some records could not be read; "
        "2 bad usage or unreadable input, nothing written",
    )
    report.add_argument("inputs", nargs="+", metavar="INPUT", help="exported file")
    report.add_argument("-o", "--output", required=True, metavar="REPORT.html",
                        help="the HTML report to write")
    report.add_argument("--json", metavar="REPORT.json", help="also write the facts as JSON")
    report.add_argument("--tz", default="Asia/Shanghai",
                        help="time zone of the report (default: Asia/Shanghai); export times "
                        "without an offset are taken to be in it")
    report.add_argument("--from", dest="date_from", type=date.fromisoformat, metavar="DATE",
                        help="first day to include, YYYY-MM-DD (local)")
    report.add_argument("--to", dest="date_to", type=date.fromisoformat, metavar="DATE",
                        help="last day to include, YYYY-MM-DD (local)")
    report.add_argument("--sender", nargs="+", action="extend", metavar="NUMBER",
                        help="only these senders (+86, spaces and dashes do not matter)")
    _add_reader_options(report)
    report.set_defaults(run=_report)

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
