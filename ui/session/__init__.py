"""Signing in, first-run setup, the idle lock and signing out."""
