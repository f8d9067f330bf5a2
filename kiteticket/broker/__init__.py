"""The only code that talks to kiteconnect: blocking calls, run off the GUI thread, errors turned into BrokerError."""
