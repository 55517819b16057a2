"""Titles the terminal learns from central (kiosk.model.ItemLookup): asked only for an item it
cannot name, at most once a day per item, kept in the items table; without a central to ask,
an item the terminal does not hold is refused as before."""

from __future__ import annotations

from kiosk.circulation import Circulation
from kiosk.model import ItemLookupResult
from kiosk.reasons import Reason
from kiosk.sample_data import seed

CARD = "3301000000001"
LIVING = "31234000567890"  # 活着, in the site's own table
AWAY = "31234000888001"  # another branch's book


class Library:
    """Central as the terminal sees it: a title for some items, no answer for the rest;
    ``online = False``: it cannot be asked at all."""

    def __init__(self, titles: dict[str, str]) -> None:
        self.titles = titles
        self.asked: list[str] = []
        self.online = True

    def look_up(self, item_id: str) -> ItemLookupResult | None:
        if not self.online:
            return None
        self.asked.append(item_id)
        title = self.titles.get(item_id)
        return (
            ItemLookupResult(title, None, "library")
            if title
            else ItemLookupResult(None, None, "unanswered")
        )


def make(store, config, pad, central, clock, library):
    circulation = Circulation(store, config, pad, None, central, clock, item_lookup=library)
    seed(store, clock())
    return circulation


def test_an_unknown_item_is_asked_once_and_kept(store, config, pad, central, clock):
    library = Library({AWAY: "边城"})
    circulation = make(store, config, pad, central, clock, library)
    session = circulation.start_session(CARD, "card")
    known, away = pad.place("E0040100000001", LIVING), pad.place("E0040100000002", AWAY)

    assert circulation.describe(known).title == "活着"
    outcomes = circulation.borrow(session, [known, away])
    assert [(o.ok, o.title) for o in outcomes] == [(True, "活着"), (True, "边城")]
    assert library.asked == [AWAY]  # never for an item the terminal can name
    assert store.get_item(AWAY).title == "边城"
    circulation.return_items([away])
    clock.advance(days=3)
    circulation.describe(away)
    assert library.asked == [AWAY]  # a title learned is kept


def test_no_answer_is_asked_again_only_the_next_day(store, config, pad, central, clock):
    library = Library({})
    circulation = make(store, config, pad, central, clock, library)
    session = circulation.start_session(CARD, "card")
    tag = pad.place("E0040100000002", AWAY)

    (outcome,) = circulation.borrow(session, [tag])
    assert outcome.ok and outcome.title == ""
    assert circulation.title(AWAY) == AWAY
    clock.advance(hours=23, minutes=59)
    circulation.describe(tag)
    assert library.asked == [AWAY]
    clock.advance(minutes=2)
    library.titles[AWAY] = "边城"
    assert circulation.describe(tag).title == "边城"
    assert library.asked == [AWAY, AWAY]


def test_without_a_central_an_unknown_item_is_refused(circulation, pad):
    session = circulation.start_session(CARD, "card")
    (outcome,) = circulation.borrow(session, [pad.place("E0040100000002", AWAY)])
    assert not outcome.ok and outcome.reason is Reason.ITEM_UNKNOWN


def test_an_item_met_offline_is_asked_about_once_central_is_back(
    store, config, pad, central, clock
):
    library = Library({AWAY: "边城"})
    library.online = False
    circulation = make(store, config, pad, central, clock, library)
    tag = pad.place("E0040100000002", AWAY)
    assert circulation.describe(tag) is None  # lent or returned without a title meanwhile
    clock.advance(minutes=5)
    library.online = True
    assert circulation.describe(tag).title == "边城"  # not held back a day by the outage
    assert library.asked == [AWAY]
