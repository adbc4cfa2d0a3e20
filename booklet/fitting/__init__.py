"""Copyfitting: every candidate arrangement laid out once (a trial), measured, and the spreads planned."""
