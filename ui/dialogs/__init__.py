"""Dialogs: About, store error and import results (non-blocking where the flow allows)."""
