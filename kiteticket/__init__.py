"""kiteticket: a desktop order ticket for Zerodha's Kite Connect API, with a local paper exchange."""

__version__ = "0.1.0"
