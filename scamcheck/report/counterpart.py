"""The other party of a message, as one number however the export spelled it."""

from __future__ import annotations

import re

__all__ = ["NO_NUMBER", "counterpart"]

#: What a message without a sender or recipient is grouped under.
NO_NUMBER = "（无号码）"

_PHONE_LIKE = re.compile(r"\+?[\d\s()\-.]+")
_SEPARATORS = re.compile(r"[\s()\-.]")
# A country code in front of a Chinese mobile or landline number: +86, 0086, or a bare 86
# before an 11-digit mobile. Service numbers (95xxx, 106xxxx) are kept whole.
_COUNTRY = re.compile(r"^(?:\+86|0086|86(?=1[3-9]\d{9}$))")


def counterpart(number: str) -> str:
    """``number`` with spaces, dashes, brackets and the ``+86`` country code removed.

    ``+86 138-0013-8000``, ``008613800138000`` and ``13800138000`` are one counterpart;
    106… and 95… service numbers stay as they are. A sender that is not a number (a name
    some exports write instead) is kept, trimmed; an empty one is ``NO_NUMBER``.
    """
    value = number.strip()
    if not value:
        return NO_NUMBER
    if not _PHONE_LIKE.fullmatch(value):
        return value
    return _COUNTRY.sub("", _SEPARATORS.sub("", value)) or value
