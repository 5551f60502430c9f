"""Required literals of a regular expression: strings one of which every match contains.

Used to prefilter rules: a rule whose pattern needs one of a few words ("验证码", "安全账户")
is searched only in the messages where one of them occurs, found for all rules at once with
one Aho–Corasick pass. The analysis is conservative: where it cannot tell (negated classes,
negative look-arounds, optional parts, back-references), it claims nothing, so a rule is
never skipped on a message it would match.
"""

from __future__ import annotations

import re
from re import _constants as c
from re import _parser as parser

__all__ = ["required_literals"]

_REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)
_SMALL_CLASS = 4


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective candidate: longest shortest literal, then fewest literals."""
    found = [x for x in candidates if x]
    if not found:
        return None
    return max(found, key=lambda s: (min(map(len, s)), -len(s)))


def _sequence(items) -> frozenset[str] | None:
    candidates: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op is c.LITERAL:
            run += chr(av)
            continue
        if run:
            candidates.append(frozenset([run]))
            run = ""
        if op is c.SUBPATTERN:
            candidates.append(_sequence(av[3].data))
        elif op is c.BRANCH:
            branches = [_sequence(b.data) for b in av[1]]
            if all(branches):
                candidates.append(frozenset().union(*branches))
        elif op in _REPEATS:
            if av[0] >= 1:
                candidates.append(_sequence(av[2].data))
        elif op is c.ASSERT:  # a positive look-ahead or look-behind must match too
            candidates.append(_sequence(av[1].data))
        elif op is c.IN and len(av) <= _SMALL_CLASS and all(o is c.LITERAL for o, _ in av):
            candidates.append(frozenset(chr(a) for _, a in av))
    if run:
        candidates.append(frozenset([run]))
    return _best(candidates)


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which occurs in every match of ``pattern``, or ``None`` if unknown.

    Patterns compiled with IGNORECASE or VERBOSE get ``None``.
    """
    if pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    return _sequence(parser.parse(pattern.pattern, pattern.flags).data)
