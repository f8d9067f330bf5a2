"""Rewriting one generated section of the README between its marker comments, so its figures are never typed by hand.

<!-- perf:begin -->
...replaced by run_all.py --readme...
<!-- perf:end -->
"""

from __future__ import annotations

from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:begin -->", f"<!-- {name}:end -->"


def rewrite(name: str, body: str, readme: Path = README) -> None:
    """Replace what lies between the ``name`` markers with ``body``; the markers must be there, once each."""
    begin, end = markers(name)
    text = readme.read_text(encoding="utf-8")
    if text.count(begin) != 1 or text.count(end) != 1:
        raise ValueError(f"{readme} needs exactly one {begin} and one {end}")
    head, rest = text.split(begin)
    _, tail = rest.split(end)
    readme.write_text(f"{head}{begin}\n{body.strip()}\n{end}{tail}", encoding="utf-8")


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)
