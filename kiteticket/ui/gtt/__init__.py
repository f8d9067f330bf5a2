"""GTT triggers: the tab that lists them, the dialog that creates and modifies them, and their controller."""
