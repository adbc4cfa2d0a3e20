"""The designer's loop: the preview server, `serve`, `proofs`, `new`."""
