"""The Review page: the attorney queue, an intake read-only, dispositions and sign-off."""
