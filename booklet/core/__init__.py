"""Shared by every stage: errors and diagnostics, notes, reports, caches, atomic writes, workers."""
