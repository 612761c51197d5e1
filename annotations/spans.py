"""Checking and anchoring spans against an article body (shared by workspace, review, import)."""

from django.core.exceptions import ValidationError

from annotations.models import CONTEXT_CHARS

MAX_SPAN_CHARS = 5000


def check_span(body: str, start: int, end: int, text: str | None = None) -> None:
    """Raise ValidationError unless [start, end) is a valid span of `body` reading `text`.

    `text`, when given, must equal the body slice exactly: the browser's idea of
    the selection and the server's must agree, or nothing is saved.
    """
    if start < 0 or end < 0:
        raise ValidationError("The span's offsets cannot be negative.", code="span_negative")
    if start >= end:
        raise ValidationError("The span is empty: its start must come before its end.", code="span_empty")
    if end > len(body):
        raise ValidationError(
            f"The span ends at {end}, past the end of the article ({len(body)} characters).",
            code="span_out_of_range",
        )
    if end - start > MAX_SPAN_CHARS:
        raise ValidationError(f"A span can be at most {MAX_SPAN_CHARS} characters long.", code="span_too_long")
    if text is not None and body[start:end] != text:
        raise ValidationError(
            "The selected text does not match the article at that position "
            "(the page may be out of date: reload it and select again).",
            code="span_mismatch",
        )


def span_context(body: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> tuple[str, str]:
    """The prefix and suffix around a span (W3C TextQuoteSelector)."""
    return body[max(0, start - chars) : start], body[end : end + chars]


def span_fields(body: str, start: int, end: int, text: str | None = None) -> dict[str, object]:
    """The checked span with its exact text and context, as the fields of a tag or a gold item."""
    check_span(body, start, end, text)
    prefix, suffix = span_context(body, start, end)
    return {"start": start, "end": end, "text": body[start:end], "prefix": prefix, "suffix": suffix}
