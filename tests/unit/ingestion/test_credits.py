"""The importer reads credit lines with the extraction's one parser (newsdesk.extraction.credits)."""

from newsdesk.ingestion.credits import credits_from_body
from newsdesk.ingestion.readers import outlets_from_row


def test_a_rows_credit_field_is_read_as_a_credit_line() -> None:
    # "staff story" and "first published on" are shapes only the extraction's parser knows.
    assert outlets_from_row({"credit": "Baltic Ledger staff story with additional input by Northwind Wire."}) == (
        ("Baltic Ledger", "primary"),
        ("Northwind Wire", "additional_input"),
    )
    assert outlets_from_row({"credit": "First published on Northwind Wire."}) == (
        ("Northwind Wire", "syndicated_from"),
    )
    assert outlets_from_row({"credit": "Northwind Wire"}) == (("Northwind Wire", "primary"),)


def test_a_bodys_trailing_credit_line_names_outlets_not_reporters() -> None:
    body = "The dam was hit twice.\nBaltic Ledger report with additional reporting by Northwind Wire."
    assert credits_from_body(body) == [("Baltic Ledger", "primary"), ("Northwind Wire", "additional_input")]
    assert credits_from_body("The dam was hit twice.\nWith additional reporting by Jane Doe.") == []
    assert credits_from_body("The dam was hit twice.\nWith additional reporting by Reuters.") == [
        ("Reuters", "additional_input")
    ]
