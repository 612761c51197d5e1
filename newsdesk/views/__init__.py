"""Corpus views, one module per area: corpus (reading), compare (side by side)."""
