"""Sample patrons, books and holds for the simulated default site and the tests.

Titles are real-looking Chinese and English books so that screens, receipts and the
simulator window show what a resident would see. Patron ids follow the pattern of a
Hangzhou reader card number; the simulator's sample cards map to them. Each has the
demo PIN (:data:`kiosk.patron_pin.DEMO_PIN`), asked for only where the site file says
``[identification] patron_pin = "required"``.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from kiosk import patron_pin, pickup_codes
from kiosk.model import HoldStatus, Item, Patron, PatronKind
from kiosk.store import Store, utc_text

PATRONS: tuple[Patron, ...] = (
    Patron("3301000000001", PatronKind.CARD, masked_name="张*明", fines_cents=0),
    Patron(
        "3301000000002",
        PatronKind.CREDIT,
        credit_level=680,
        masked_name="J*** S****",
        fines_cents=1250,
    ),
    Patron("3301000000003", PatronKind.CREDIT, credit_level=512, masked_name="李*"),
    Patron("3301000000004", PatronKind.CARD, blocked=True, block_reason="lost_card"),
    Patron("3301000000005", PatronKind.CARD, masked_name="欧**娜", fines_cents=300),
)
# The demo patrons' PIN (kiosk.patron_pin.DEMO_PIN) is hashed with a fixed salt so that
# seeding is repeatable; only demo sites seed sample data (kiosk.config refuses it on a
# real site), so no real patron ever has this PIN from here.
DEMO_PIN_SALT = b"demo-patron-pin."

BOOKS: tuple[Item, ...] = (
    Item("31234000567890", "活着", "余华"),
    Item("31234000567891", "三体", "刘慈欣"),
    Item("31234000567892", "平凡的世界", "路遥"),
    Item("31234000567893", "围城", "钱锺书"),
    Item("31234000567894", "红楼梦", "曹雪芹"),
    Item("31234000567895", "朝花夕拾", "鲁迅"),
    Item("31234000567896", "The Little Prince", "Antoine de Saint-Exupéry"),
    Item("31234000567897", "Harry Potter and the Philosopher's Stone", "J. K. Rowling"),
    Item("31234000567898", "To Kill a Mockingbird", "Harper Lee"),
    Item("31234000567899", "杭州史话", "杭州市地方志办公室"),
    Item("31234000567900", "中国大百科全书（参考）", "编委会", loanable=False),
    Item("31234000567901", "西湖游览志", "田汝成"),
)

# Books reserved online: the first waits to be loaded, the second is ready in A01.
HOLD_AWAITING_LOAD = ("H-0001", "31234000567899", "3301000000005")
HOLD_READY = ("H-0002", "31234000567901", "3301000000005", "A01")
DEMO_PICKUP_CODE = "246810"


def seed(store: Store, now: datetime, hold_days: int = 3) -> None:
    """Fill an empty store with the sample data; a store with patrons is left alone."""
    if store.query("SELECT count(*) AS n FROM patrons")[0]["n"]:
        return
    pin_hash = patron_pin.make_hash(patron_pin.DEMO_PIN, DEMO_PIN_SALT)
    store.upsert_patrons([dataclasses.replace(p, pin_hash=pin_hash) for p in PATRONS], now)
    store.upsert_items(BOOKS)
    hold_id, item_id, patron_id = HOLD_AWAITING_LOAD
    store.add_hold(hold_id, item_id, patron_id, now + timedelta(days=14))
    hold_id, item_id, patron_id, compartment_id = HOLD_READY
    secret = store.get_setting(pickup_codes.SECRET_SETTING)
    if secret is None:
        secret = pickup_codes.new_secret()
        store.set_setting(pickup_codes.SECRET_SETTING, secret)
    with store.transaction() as tx:
        tx.execute(
            "INSERT INTO holds (hold_id, item_id, patron_id, status, compartment_id, expires_at,"
            " pickup_code_hash, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                hold_id,
                item_id,
                patron_id,
                HoldStatus.READY.value,
                compartment_id,
                utc_text(now + timedelta(days=hold_days)),
                pickup_codes.code_hash(secret, DEMO_PICKUP_CODE),
                utc_text(now),
            ],
        )
