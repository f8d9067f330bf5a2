"""The Kite session: set-up, login, the network route, and the notices about them."""
