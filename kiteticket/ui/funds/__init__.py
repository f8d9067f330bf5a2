"""Funds: available, used and total margin per segment, always in view."""
