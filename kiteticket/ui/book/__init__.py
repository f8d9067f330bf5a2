"""The order book: its model and view, the poller that keeps it current, and what its actions do."""
