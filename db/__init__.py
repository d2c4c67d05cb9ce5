"""Persistence: store opening, SQLAlchemy records, repositories, unit of work, migrations."""
