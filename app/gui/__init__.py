"""The Qt user interface: the only package that imports PySide6. Thin: widgets, models, tasks."""
