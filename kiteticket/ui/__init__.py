"""The Qt layer: the only package that imports PySide6. Widgets and models apply what ``kiteticket.domain`` decides."""
