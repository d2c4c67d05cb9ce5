"""The Policies page: the installed rule pack as attorneys read it."""
