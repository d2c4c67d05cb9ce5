"""Qt Widgets user interface: windows, item models, dialogs and workers (only layer that imports PySide6)."""
