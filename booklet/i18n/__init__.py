"""Translators' tools: PO export and import, review state, status."""
