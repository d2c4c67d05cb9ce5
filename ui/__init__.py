"""Qt Widgets user interface: windows, models, dialogs, workers (the only layer using PySide6)."""
