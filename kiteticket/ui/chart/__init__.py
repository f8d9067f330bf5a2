"""The chart of the ticket's instrument: Kite's candles extended by ticks, with order and position lines."""
