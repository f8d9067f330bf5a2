"""Reading a request's header block, as ``http.client.parse_headers`` does, without the email package's parser.

http.server hands the header block to ``email.parser``, a general MIME parser written in Python: it was the
largest single cost of serving an order (a fifth of the server's time for place_order, more for /user/profile).
A request's headers need far less: ``Name: value`` lines up to a blank line. The result is the same
``http.client.HTTPMessage`` (compat32 policy), filled through its public ``__setitem__``, with the stdlib's limits
and errors: a line over 64 KiB raises ``LineTooLong``, more than 100 headers ``HTTPException``.
"""

from __future__ import annotations

import re
from http.client import HTTPException, HTTPMessage, LineTooLong
from io import BufferedIOBase
from typing import Any

MAX_LINE = 65536  # http.client._MAXLINE
MAX_HEADERS = 100  # http.client._MAXHEADERS
_END = (b"\r\n", b"\n", b"")
_FOLDED = (" ", "\t")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")  # the email parser's lines: CR, LF and CRLF end one
_NAME = re.compile(r"[\x21-\x39\x3b-\x7e]+")  # the email parser's: printable ASCII but space and colon


class RequestHeaders(HTTPMessage):
    """An HTTPMessage whose lookups by name are one dict access: the email Message scans every header and
    lowercases each name at each lookup, and a request is asked for a dozen. Filled only through ``__setitem__``
    (as parse_headers does); values are the text as read, which is what compat32 hands back for them."""

    def __init__(self) -> None:
        super().__init__()
        self._by_name: dict[str, list[str]] = {}

    def __setitem__(self, name: str, value: Any) -> None:
        super().__setitem__(name, value)
        self._by_name.setdefault(name.lower(), []).append(value)

    def get(self, name: str, failobj: Any = None) -> Any:
        values = self._by_name.get(name.lower())
        return values[0] if values else failobj

    def get_all(self, name: str, failobj: Any = None) -> Any:
        values = self._by_name.get(name.lower())
        return list(values) if values else failobj


def read_lines(rfile: BufferedIOBase) -> list[bytes]:
    """The header lines up to and without the blank line that ends them (or the end of the stream)."""
    lines: list[bytes] = []
    while True:
        line = rfile.readline(MAX_LINE + 1)
        if len(line) > MAX_LINE:
            raise LineTooLong("header line")
        if line in _END:
            return lines
        lines.append(line)
        if len(lines) > MAX_HEADERS:
            raise HTTPException(f"got more than {MAX_HEADERS} headers")


def parse_headers(rfile: BufferedIOBase) -> RequestHeaders:
    """The request's headers, as the email parser gives them (its ``_parse_headers``, compat32): lines split at
    CR, LF or CRLF; a folded line continues the previous value; a line with no name before its colon and an
    mbox "From " line are dropped; a line that is not a header ends the headers, as a blank one does."""
    message = RequestHeaders()
    name: str | None = None
    value = ""
    for line in _LINE.findall(b"".join(read_lines(rfile)).decode("iso-8859-1")):
        if line.startswith(_FOLDED):
            value += line if name is not None else ""  # a continuation of nothing is dropped
            continue
        if name is not None:
            message[name] = value.rstrip("\r\n")
            name = None
        if line.startswith("From "):
            continue
        head, colon, rest = line.partition(":")
        if not colon or (head and not _NAME.fullmatch(head)):
            break  # a blank line, or one that is not a header: the headers end here
        if head:
            name, value = head, rest.lstrip(" \t")
    if name is not None:
        message[name] = value.rstrip("\r\n")
    return message
