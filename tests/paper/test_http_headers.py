"""The paper server's header reader gives what http.client's (the email parser) gives, on well-formed and odd
header blocks alike, and stops where it stops; plus the same limits. Then over a real socket: a request with odd
headers, Connection: close and Expect: 100-continue, through the server."""

from __future__ import annotations

import http.client
import io
import socket

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiteticket.paper.exchange import PaperExchange
from kiteticket.paper.http_headers import MAX_HEADERS, MAX_LINE, parse_headers

BLOCKS = [
    b"Host: 127.0.0.1\r\nContent-Length: 12\r\n\r\nbody",
    b"Host: x\r\nX-Folded: one\r\n  two\r\n\tthree\r\nAccept: */*\r\n\r\n",
    b"Host: x\r\nX-Dup: 1\r\nx-dup: 2\r\n\r\n",
    b"Host:no-space\r\nEmpty:\r\nSpaces:   padded   \r\n\r\n",
    b"  leading continuation\r\nHost: x\r\n\r\n",
    b"Host: x\r\nnot a header line\r\nAfter: dropped\r\n\r\nrest",
    b"Host: x\r\nBad Name: y\r\nAfter: z\r\n\r\n",
    b"Host: x\nLF-Only: yes\n\n",
    b"Host: caf\xe9\r\n\r\n",
    b"Host: x\r\n",  # the stream ends without a blank line
    b"Host: x",  # nor an end of line
    b"From someone\r\nHost: x\r\nFrom: me\r\nFrom the middle\r\nAfter: y\r\n\r\n",
    b": no name\r\n continued\r\nHost: x\r\n\r\n",
    b"Host: x\rX-After-CR: y\r\n\r\n",
    b"Host: x\r\rX-After-Blank-CR: y\r\n\r\n",
    b"\r\n",
]


def _both(block: bytes) -> tuple[list[tuple[str, str]], list[tuple[str, str]], bytes, bytes]:
    """Both readers on the block: their headers (also looked up by each name, in any case, and a missing one)
    and what each left unread."""
    ours_stream, theirs_stream = io.BufferedReader(io.BytesIO(block)), io.BufferedReader(io.BytesIO(block))
    ours, theirs = parse_headers(ours_stream), http.client.parse_headers(theirs_stream)
    names = theirs.keys()
    for name in [*names, *(name.swapcase() for name in names), "X-Missing"]:
        assert ours.get(name) == theirs.get(name)
        assert ours.get(name, "default") == theirs.get(name, "default")
        assert ours.get_all(name) == theirs.get_all(name)
    return list(ours.items()), list(theirs.items()), ours_stream.read(), theirs_stream.read()


@pytest.mark.parametrize("block", BLOCKS)
def test_the_same_headers_as_the_email_parser(block: bytes) -> None:
    ours, theirs, rest, their_rest = _both(block)
    assert ours == theirs
    assert rest == their_rest


_TEXT = st.text(alphabet=st.characters(min_codepoint=9, max_codepoint=255), max_size=20)  # CR included
_NAMES = st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126, exclude_characters=":"), max_size=12)
_LINES = st.one_of(
    st.builds(lambda name, value: f"{name}:{value}", _NAMES, _TEXT),  # a header, or a near miss (empty name)
    st.builds(lambda fold, value: fold + value, st.sampled_from([" ", "\t"]), _TEXT),  # a folded continuation
    _TEXT,  # anything else
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINES, max_size=8))
def test_any_block_of_lines_reads_the_same(lines: list[str]) -> None:
    block = "".join(line.replace("\n", "") + "\r\n" for line in lines) + "\r\n"  # CRs inside lines stay
    ours, theirs, _, _ = _both(block.encode("latin-1"))
    assert ours == theirs


def test_the_same_limits() -> None:
    too_long = b"X: " + b"a" * MAX_LINE + b"\r\n\r\n"
    with pytest.raises(http.client.LineTooLong):
        parse_headers(io.BufferedReader(io.BytesIO(too_long)))
    too_many = b"".join(b"X-%d: y\r\n" % n for n in range(MAX_HEADERS + 1)) + b"\r\n"
    with pytest.raises(http.client.HTTPException, match="got more than"):
        parse_headers(io.BufferedReader(io.BytesIO(too_many)))


def _exchange_bytes(exchange: PaperExchange, request: bytes, expect_continue: bool = False) -> bytes:
    host, port = exchange.root_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        if expect_continue:
            head, _, body = request.partition(b"\r\n\r\n")
            sock.sendall(head + b"\r\n\r\n")
            interim = sock.recv(1024)
            assert interim.startswith(b"HTTP/1.1 100 Continue")
            sock.sendall(body)
        else:
            sock.sendall(request)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
        return received


def test_connection_close_and_expect_continue_still_work(exchange: PaperExchange) -> None:
    login = b"GET /connect/login?api_key=nobody&v=3 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Folded: a\r\n b\r\n"
    answer = _exchange_bytes(exchange, login + b"Connection: close\r\n\r\n")  # closed after: recv ends
    assert answer.startswith(b"HTTP/1.1 ")
    assert b'"error_type"' in answer
    body = b'{"market": "open"}'
    admin = (
        b"POST /_paper/clock HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n%s" % (len(body), body)
    )
    answer = _exchange_bytes(exchange, admin, expect_continue=True)
    assert b"200 OK" in answer.split(b"\r\n", 1)[0]
    assert b'"market":"open"' in answer.replace(b" ", b"")
