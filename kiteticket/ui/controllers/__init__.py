"""GUI-thread controllers: they connect widgets to the broker through the task runner."""
