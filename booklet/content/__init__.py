"""Stage 2, content: an edition's texts, derived editions, text rules and typography."""
