"""The ``scamcheck`` command line.

argparse (standard library) rather than click: it adds no dependency and nothing to the
cold start of ``scamcheck check``, which imports only what the one command needs.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from .exitcodes import EXIT_INTERRUPTED, EXIT_OK, EXIT_STATUS_HELP, EXIT_USAGE, CommandError


def _check(args: argparse.Namespace) -> int:
    text = args.text
    if text is None:  # standard input, decoded as `score` decodes an input
        from .formats.decoding import decode

        if sys.stdin.isatty():
            _say("type or paste the message, then Ctrl-D on a line of its own")
        try:
            text = decode(sys.stdin.buffer.read())
        except ValueError as exc:
            print(f"scamcheck: standard input is not text: {exc}", file=sys.stderr)
            return EXIT_USAGE
    from .classifier import Classifier

    result = Classifier.load(args.model).classify(text, args.sender)
    if not text.strip():
        _say("the message is empty: there is nothing to judge")
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(result.explain())
    return EXIT_OK


def _score(args: argparse.Namespace) -> int:
    from functools import partial

    from .batch import score
    from .classifier import Classifier
    from .formats import ReaderOptions

    return score(
        args.inputs,
        args.output,
        classifier_factory=partial(Classifier.load, args.model),
        reader=ReaderOptions(**{option: getattr(args, option) for option in _READER_OPTIONS}),
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


def _train(args: argparse.Namespace) -> int:
    if args.model is not None:
        raise CommandError("train makes a new model: --out names its folder, not --model")
    from .train import train

    return train(args)


def _evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate

    return evaluate(args)


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
        raise CommandError(f"unknown time zone {args.tz!r}") from None
    scope = Scope(timezone=args.tz, date_from=args.date_from, date_to=args.date_to,
                  senders=frozenset(counterpart(number) for number in args.sender or ()))
    reader = {option: getattr(args, option) for option in _READER_OPTIONS}
    classifier = Classifier.load(args.model)
    return build_report(args.inputs, scored=partial(_scored, classifier, reader),
                        html=args.output, json=args.json, scope=scope, model=args.model,
                        rules_sha256=classifier.rules.sha256, reader=reader)


def _scored(classifier, reader: dict, path: str):
    """``(Record, Result | None)`` for every record of one input, in order (``None``: empty or
    unreadable): the scoring stream, explained."""
    from .scoring import iter_scored

    with iter_scored([path], classifier=classifier, explain=True, **reader) as stream:
        for item in stream:
            yield item.record, item.verdict


_READER_OPTIONS = ("format", "encoding", "text_column", "sender_column", "time_column",
                   "id_column")


def _add_reader_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``formats.ReaderOptions``, for every command that reads exports."""
    parser.add_argument("--format", default="auto", choices=_InputFormats(), metavar="FORMAT",
                        help="input format, one of %(choices)s (default: auto, detected)")
    parser.add_argument("--encoding", default="auto",
                        help="auto (default), utf-8, gb18030, utf-16, …")
    parser.add_argument("--text-column", help="column or field holding the message text")
    parser.add_argument("--sender-column", help="column or field holding the sender")
    parser.add_argument("--time-column", help="column or field holding the time")
    parser.add_argument("--id-column", help="column or field holding a record id")


def _say(message: str) -> None:
    print(f"scamcheck: {message}", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scamcheck",
        description="Label Chinese SMS about consumer debt: official_reminder, "
        "aggressive_collection, likely_scam or unrelated — and say why.",
    )
    model_help = "model folder (default: the shipped one)"
    parser.add_argument("--model", metavar="DIR", help=model_help)
    # The global options are taken after the sub-command too; there they default to
    # "not given" so that they do not overwrite one given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--model", metavar="DIR", default=argparse.SUPPRESS, help=model_help)
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, run, **options) -> argparse.ArgumentParser:
        """A sub-command that takes the global options and runs ``run(args)``."""
        command = sub.add_parser(name, parents=[common], **options)
        command.set_defaults(run=run)
        return command

    check = command("check", _check, help="label one message and explain the decision")
    check.add_argument("text", nargs="?", help="the message (default: read standard input)")
    check.add_argument("--sender", help="the sender's number, if known")
    check.add_argument("--json", action="store_true", help="print the result as JSON")

    score = command(
        "score",
        _score,
        help="label every message of exported SMS files",
        description="Label every message of exported SMS files (Android SMS Backup & Restore "
        "XML, CSV/TSV, JSON Lines, plain text), one output row per input record, in order.",
        epilog=EXIT_STATUS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    score.add_argument("inputs", nargs="+", metavar="INPUT", help="input file, or - for stdin")
    score.add_argument("-o", "--output", help="output file: .csv, .tsv or .jsonl by its suffix; "
                       "- (the default) is CSV on stdout")
    _add_reader_options(score)
    score.add_argument("--jobs", type=int, help="worker processes (default: all cores)")
    score.add_argument("--include-text", action="store_true", help="add the text to each row")
    score.add_argument("--no-progress", action="store_true", help="no progress bar")

    report = command(
        "report",
        _report,
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

    train = command(
        "train",
        _train,
        help="train a model from data/corpus.csv (in a checkout of the project)",
        description="Train a model from a labelled corpus (needs the [train] extra: "
        "scikit-learn) and write it to a new folder; use it with --model.",
    )
    train.add_argument("--data", metavar="DIR", default="data",
                       help="folder with corpus.csv (default: data)")
    train.add_argument("--out", metavar="DIR",
                       help="folder to write the model to (default: a new folder "
                       "trained-model-DATE-TIME here); an existing one is overwritten")
    train.add_argument("--seed", type=int, help="random seed (default: the project's)")

    evaluate = command(
        "evaluate",
        _evaluate,
        help="measure the model on a labelled file (default: data/corpus.csv)",
        description="Measure the model: per-class precision/recall/F1, macro-F1, confusion, "
        "calibration, ablation and an evasion copy, on the test rows of a labelled file.",
    )
    evaluate.add_argument("file", nargs="?", default="data/corpus.csv",
                          help="labelled CSV with text,label (and split: only test rows "
                          "are used; default: data/corpus.csv)")
    evaluate.add_argument("--real-negatives", metavar="DIR",
                          help="folder or file of real non-debt SMS "
                          "(*.tsv label<TAB>text, *.txt)")
    evaluate.add_argument("--rules", action="store_true",
                          help="add the rule report over the whole file")
    evaluate.add_argument("--no-evasion", action="store_true", help="skip the evasion copy")
    evaluate.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    from .model import ModelError
    from .rules import RuleError

    try:
        return args.run(args)
    except (ModelError, RuleError, CommandError) as exc:
        _say(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (`| head`): not an error of ours.
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
