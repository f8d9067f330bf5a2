"""Bulk actions on the account: cancel all open orders, exit all positions, with a plan, Stop and results."""
