"""The paper exchange: a local HTTP server that speaks Kite Connect v3 closely enough for the official SDK.

Start it with ``kiteticket-paper`` or ``PaperExchange(PaperConfig(...)).start()``; see ADMIN.md for the test API.
"""
