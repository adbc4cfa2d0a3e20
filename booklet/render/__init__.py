"""Stage 4, render: photos prepared for the press, the PDF written, proofs drawn."""
