"""Benchmarks (make bench-reminders); not part of the application."""
