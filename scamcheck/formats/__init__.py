"""Reading exported message files and writing scored rows.

One module per job: ``source`` (bytes and progress), ``encoding`` (choosing a codec,
marking undecodable bytes), ``decoding`` (line by line where one encoding does not fit
every line, mojibake marked), ``detect`` (the format), one reader per format (``sms_xml``,
``delimited``, ``jsonl``, ``plaintext``) listed in the ``readers`` table, ``columns`` and
``times`` (fields and times they share), ``record`` (what every reader yields), ``reader``
(one opened input) and ``output`` (the output path checked, the ``WRITERS`` table: CSV,
TSV or JSON Lines, written atomically).

>>> from scamcheck.formats import Input
>>> with Input("examples/messages.jsonl") as messages:              # doctest: +SKIP
...     for record in messages:
...         print(record.row, record.status, record.text)
"""

from __future__ import annotations

from .columns import ColumnSpec
from .errors import FormatError, UsageError
from .output import COLUMNS, Output
from .reader import Input, ReaderOptions
from .readers import FORMATS, READERS
from .record import EMPTY, ERROR, OK, Record

__all__ = [
    "COLUMNS",
    "EMPTY",
    "ERROR",
    "FORMATS",
    "OK",
    "READERS",
    "ColumnSpec",
    "FormatError",
    "Input",
    "Output",
    "ReaderOptions",
    "Record",
    "UsageError",
]
