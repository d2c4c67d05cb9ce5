"""Thin Qt item models over lists of DTOs (one custom role returns the DTO itself)."""
