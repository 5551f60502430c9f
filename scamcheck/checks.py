"""Code checks: cues of a rule that a regular expression cannot express.

A rule names a check (``check = "…"`` in ``rules.toml``); the check is a function over the
normalised text and the sender that returns the span it fired on, ``(-1, -1)`` for a cue
outside the text (the sender), or ``None`` when it does not fire. It is declared with
:func:`check`, which says what the rule engine may assume about it:

* ``guard`` — a function returning a pattern that every text the check fires on contains,
  so that the prefilter can spare the check the texts that do not;
* ``needs_sender`` — the check never fires on a message without a sender.

The declaration returns a :class:`CheckSpec`; :func:`table` gathers specs by name, which is
what ``rules.load_rules`` takes (the shipped table is ``channels.CHECKS``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["CheckFunction", "CheckSpec", "check", "table"]

CheckFunction = Callable[[str, str | None], tuple[int, int] | None]


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """A declared check: its name (the function's), the function, and what it promises."""

    name: str
    run: CheckFunction
    guard: Callable[[], re.Pattern[str]] | None = None
    needs_sender: bool = False

    def __call__(self, text: str, sender: str | None) -> tuple[int, int] | None:
        return self.run(text, sender)


def check(
    *, guard: Callable[[], re.Pattern[str]] | None = None, needs_sender: bool = False
) -> Callable[[CheckFunction], CheckSpec]:
    """Declare a function as a check (see the module's notes)."""

    def declare(run: CheckFunction) -> CheckSpec:
        return CheckSpec(run.__name__, run, guard, needs_sender)

    return declare


def table(*specs: CheckSpec) -> dict[str, CheckSpec]:
    """The checks by name; a name declared twice is an error."""
    out: dict[str, CheckSpec] = {}
    for spec in specs:
        if spec.name in out:
            raise ValueError(f"check {spec.name!r} declared twice")
        out[spec.name] = spec
    return out
