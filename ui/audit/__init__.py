"""The audit viewer (admins)."""
