"""Stage 5, checks: preflight on the laid-out pages, and the written PDF read back."""
