"""The market as the user watches it: the stream's bridge to the GUI thread, watchlists and their table."""
