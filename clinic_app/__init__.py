"""Clinic Intake: offline intake and policy screening for immigration legal clinics."""

__version__ = "0.1.0"
