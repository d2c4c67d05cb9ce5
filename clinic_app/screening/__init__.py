"""Policy screening: rule packs compiled to CEL programs, evaluated over a derived view of an intake."""
