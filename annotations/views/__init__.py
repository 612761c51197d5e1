"""Annotation views, one module per area: workspace, review, campaigns."""
