"""Baskets: named lists of orders built from the ticket, their combined margin, placed all in order."""
