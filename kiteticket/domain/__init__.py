"""Pure order rules: enums, requests, the rule table, validation, the market clock and the instrument master.

Nothing here imports Qt, kiteconnect or anything that touches the network; import-linter enforces it.
"""
