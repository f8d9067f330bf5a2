"""Trades and positions: their models, views and the controller that refreshes them."""
