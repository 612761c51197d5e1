"""Ingestion: files, HTML, JSONL and CSV → ArticleDrafts (readers) → Articles in the DB (pipeline)."""
