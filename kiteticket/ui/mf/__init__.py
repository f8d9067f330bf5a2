"""Mutual funds: the fund order form, MF orders, SIPs and holdings, in a window of their own."""
