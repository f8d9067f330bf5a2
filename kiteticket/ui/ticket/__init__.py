"""The order ticket: one order, entered as Kite's rule table allows, checked as it is typed, sent once."""

from __future__ import annotations

from kiteticket.ui.ticket.widget import OrderTicket

__all__ = ["OrderTicket"]
