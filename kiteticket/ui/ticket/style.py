"""Colours and the style sheet of the order ticket.

BUY is blue and SELL is red, as on Kite; the header and the send button take the side's colour so that the side
is the first thing a trader sees. Everything else stays neutral and dense, like a terminal, not a web form.
"""

from __future__ import annotations

from kiteticket.domain.enums import TransactionType

BUY_COLOUR = "#2962ff"
SELL_COLOUR = "#e53935"
BID_COLOUR = "#1e4fd8"
ASK_COLOUR = "#d32f2f"
PROBLEM_COLOUR = "#c62828"
WARNING_COLOUR = "#a05a00"
PLACED_COLOUR = "#2e7d32"
MUTED_COLOUR = "#6b7280"
UP_COLOUR = "#2e7d32"
DOWN_COLOUR = "#c62828"

_SIDE_COLOURS = {TransactionType.BUY: BUY_COLOUR, TransactionType.SELL: SELL_COLOUR}
# A darker shade for the pressed and hovered send button, so it still reads as the side's colour.
_SIDE_DARK = {TransactionType.BUY: "#1c44c9", TransactionType.SELL: "#b71c1c"}


def side_colour(side: TransactionType) -> str:
    return _SIDE_COLOURS[side]


def change_colour(change: float) -> str:
    if change > 0:
        return UP_COLOUR
    return DOWN_COLOUR if change < 0 else MUTED_COLOUR


def ticket_style(side: TransactionType) -> str:
    """The ticket's style sheet for one side: set again whenever the side changes."""
    colour, dark = _SIDE_COLOURS[side], _SIDE_DARK[side]
    return f"""
    QFrame#header {{ background: {colour}; border-radius: 3px; }}
    QFrame#header QLabel {{ color: white; }}
    QLabel#title {{ font-size: 15px; font-weight: 600; }}
    QLabel#last_price {{ font-size: 15px; font-weight: 600; }}
    QFrame#header QPushButton {{
        color: white; background: transparent; border: 1px solid rgba(255,255,255,150);
        padding: 3px 12px; font-weight: 600; min-width: 44px;
    }}
    QFrame#header QPushButton#buy {{ border-top-left-radius: 3px; border-bottom-left-radius: 3px; }}
    QFrame#header QPushButton#sell {{ border-top-right-radius: 3px; border-bottom-right-radius: 3px; }}
    QFrame#header QPushButton:checked {{ background: white; color: {colour}; }}
    QFrame#header QPushButton:disabled {{ color: rgba(255,255,255,90); border-color: rgba(255,255,255,70); }}
    QLabel[role="caption"] {{ color: {MUTED_COLOUR}; font-size: 11px; }}
    QLabel[role="caption"][required="true"] {{ color: #1f2937; font-weight: 600; }}
    QLabel[role="problem"] {{ color: {PROBLEM_COLOUR}; font-size: 11px; }}
    QLabel[role="hint"] {{ color: {MUTED_COLOUR}; font-size: 11px; }}
    QLabel#summary {{ color: {PROBLEM_COLOUR}; }}
    QPushButton#submit {{
        background: {colour}; color: white; border: none; border-radius: 3px;
        padding: 6px 18px; font-weight: 600; min-width: 110px;
    }}
    QPushButton#submit:hover, QPushButton#submit:pressed {{ background: {dark}; }}
    QPushButton#submit:disabled {{ background: #c5cad3; color: #f5f6f8; }}
    QPushButton[role="bid"], QPushButton[role="ask"] {{
        border: none; background: transparent; text-align: left; padding: 0 2px; font-weight: 600;
    }}
    QPushButton[role="bid"] {{ color: {BID_COLOUR}; }}
    QPushButton[role="ask"] {{ color: {ASK_COLOUR}; }}
    QPushButton[role="bid"]:hover, QPushButton[role="ask"]:hover {{ text-decoration: underline; }}
    QFrame#quote_panel {{ border-left: 1px solid #dfe3ea; }}
    """
