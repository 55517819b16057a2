"""Patron ids are masked to their last four characters, short ids completely."""

from __future__ import annotations

import pytest

from kiosk.privacy import mask_name, mask_patron_id


@pytest.mark.parametrize(
    ("patron_id", "masked"),
    [
        ("3301000000001", "****0001"),
        ("123456789", "****6789"),
        ("12345", "****2345"),
        (" 3301000000002 ", "****0002"),
        ("1234", "****"),
        ("12", "****"),
        ("", "****"),
        (None, "****"),
    ],
)
def test_mask_patron_id(patron_id: str | None, masked: str) -> None:
    assert mask_patron_id(patron_id) == masked


def test_masked_id_never_contains_the_hidden_part() -> None:
    pid = "3301987654321"
    masked = mask_patron_id(pid)
    assert pid[:-4] not in masked
    assert len(masked) == 8


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三明", "张*明"),
        ("张三", "张*"),
        ("欧阳娜娜", "欧**娜"),
        ("John Smith", "J*** S****"),
        (" John   Smith ", "J*** S****"),
        ("Li", "L*"),
        ("张", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_name(name: str | None, masked: str) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize("name", ["张三明", "欧阳娜娜", "John Smith", "Mary-Jane O'Neil"])
def test_masking_a_masked_name_changes_nothing(name: str) -> None:
    assert mask_name(mask_name(name)) == mask_name(name)
