"""Persistence: SQLAlchemy records, repositories, unit of work, Alembic migrations, store opening."""
