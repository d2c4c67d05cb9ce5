"""The Clients page: the searchable client list (view) and the logic that loads it (controller)."""
