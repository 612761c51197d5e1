"""Each page's htmx actions for the console sweep, one module per area (see tests/browser/sweep.py)."""
