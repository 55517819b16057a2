"""The console in a real browser (headless Debian chromium through Selenium) against a real
uvicorn, a real central service and a simulated terminal on a real broker.

One browser session walks the whole way: sign in as a viewer and see the fleet; a viewer's
action is refused by the server; sign out; an operator opens a compartment on terminal T1
and watches the job succeed on the page (refreshed without a reload), acknowledges an alarm
on /alarms and sees who did, then downloads the reports' CSV and the yearly PDF through
Chrome's own download (into the directory set by its download preference) and opens both. With
KIOSK_CONSOLE_SCREENSHOTS=<dir> set (scripts/console-screenshots), each page is also saved
as <dir>/console-*.png.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import uvicorn

from central import history
from central.accounts import Accounts
from central.store import CentralStore
from central.web.app import create_app
from sync.commands import CommandHandlers
from tests.central.web.conftest import PASSWORD, ROLES
from tests.central.web.fleet_data import NOW, birth, telemetry
from tests.support.broker import free_port
from tests.support.fleet import wait_until

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SHOTS = os.environ.get("KIOSK_CONSOLE_SCREENSHOTS")

pytestmark = [
    pytest.mark.skipif(
        not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)),
        reason="needs Debian's chromium and chromedriver",
    ),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]


class Server:
    """uvicorn serving the console on a free loopback port, in a thread of this process."""

    def __init__(self, db: Path) -> None:
        self.port = free_port()
        config = uvicorn.Config(
            create_app(db), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="console-uvicorn", daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        wait_until(lambda: self.server.started, 30, "uvicorn to start")
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(arg)
    options.add_argument("--lang=zh-CN")
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "plugins.always_open_pdf_externally": True,  # a PDF link downloads, not views
        },
    )
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


VISIT = {
    "via": "card",
    "started_at": NOW,
    "ended_at": NOW,
    "ended_by": "done",
    "online": True,
    "loans": 1,
    "returns": 0,
    "renewals": 0,
    "pickups": 0,
}
REFUSAL = {"reason": "patron_blocked", "flow": "login", "patron": "****0042", "item_id": None}


def shoot(driver, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1400, max(700, min(int(height) + 160, 2400)))
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(str(Path(SHOTS) / f"console-{name}.png"))
        driver.set_window_size(1400, 1000)


def sign_in(driver, base: str, username: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(base + "/")
    assert "/signin" in driver.current_url  # the gate sends a stranger to sign in
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "sign-in").click()
    wait_until(lambda: "/signin" not in driver.current_url, 15, "sign-in to finish")


def text_of(driver, css: str) -> str:
    from selenium.webdriver.common.by import By

    return " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, css))


def downloaded(folder: Path, suffix: str) -> Path:
    """The one finished download ending in ``suffix`` (Chrome writes *.crdownload until done)."""
    wait_until(lambda: list(folder.glob("*" + suffix)), 30, f"the {suffix} download")
    (path,) = folder.glob("*" + suffix)
    return path


def test_viewer_sees_and_is_refused_operator_opens_a_compartment(
    browser, downloads, make_central, make_terminal, tmp_path
):
    from selenium.webdriver.common.by import By

    driver = browser
    central = make_central()
    opened: list[str] = []
    make_terminal("T1", handlers=CommandHandlers(open_compartment=opened.append))
    wait_until(lambda: (central.store.terminal("T1") or {}).get("telemetry"), 30, "T1's telemetry")
    db = tmp_path / "central.db"
    setup = CentralStore(db)
    accounts = Accounts(setup)
    for name, role in ROLES.items():
        accounts.add_user(name, role, PASSWORD, "test")
    # Two more terminals, only known to the store, so the fleet shows each kind of row.
    birth(setup, "T2", state="offline", boot=1)
    birth(setup, "T3")
    telemetry(
        setup,
        "T3",
        depth=12,
        alarms=[{"alarm_id": 3, "kind": "door_left_open", "subject": "C02", "raised_at": NOW}],
        devices={"rfid": "ok", "printer": "paper_low", "locker": "ok"},
    )
    # A week of T3's circulation, for the reports page (contiguous seqs: no gap to chase).
    today = datetime.now(UTC).replace(hour=4, minute=0, second=0, microsecond=0)
    seq = 0
    t3_kinds: list[str] = []
    for day in range(7):
        for n in range(3 + (day * 5) % 7):
            seq += 1
            t3_kinds.append(("loan", "return", "loan", "renew", "hold_loaded")[n % 5])
            event = {
                "event_id": str(uuid.uuid4()),
                "seq": seq,
                "terminal_id": "T3",
                "kind": ("loan", "return", "loan", "renew", "hold_loaded")[n % 5],
                "at": (today - timedelta(days=day, minutes=n)).isoformat(timespec="microseconds"),
                "data": {},
            }
            setup.store_events([("T3", event)])
        # Its visits and refusals that day (the reports' new tables).
        for n, (kind, data) in enumerate(
            [
                ("session", {**VISIT, "loans": 1 + day % 3}),
                ("session", {**VISIT, "via": "code", "ended_by": "timeout", "pickups": 1}),
                ("refusal", {**REFUSAL, "reason": ("patron_blocked", "item_unknown")[day % 2]}),
            ]
        ):
            seq += 1
            at = (today - timedelta(days=day, minutes=30 + n)).isoformat(timespec="microseconds")
            visit = {
                "event_id": str(uuid.uuid4()),
                "seq": seq,
                "terminal_id": "T3",
                "kind": kind,
                "at": at,
                "data": data,
            }
            setup.store_events([("T3", visit)])
    # Their districts and a week of T3's state history (availability on the reports page).
    for terminal_id, state, district in [("T2", "offline", "拱墅区"), ("T3", "online", "西湖区")]:
        history.record_availability(
            setup, terminal_id, state, today - timedelta(days=7), district=district
        )
    history.record_availability(setup, "T3", "offline", today - timedelta(days=3))
    history.record_availability(setup, "T3", "online", today - timedelta(days=3, hours=-5))
    # Holds sent to T3, waiting for staff to load them.
    expires = (datetime.now(UTC) + timedelta(days=3)).isoformat(timespec="seconds")
    books = [("H-2001", "9787536692930", "三体"), ("H-2002", "9787020024759", "围城")]
    holds = [
        {
            "hold_id": h,
            "item_id": i,
            "patron_id": f"33010000000{n}4",
            "expires_at": expires,
            "title": title,
        }
        for n, (h, i, title) in enumerate(books)
    ]
    setup.enqueue_job("T3", "load_holds", {"holds": holds}, 24 * 3600)
    setup.db.execute("UPDATE terminals SET site = '西湖分馆' WHERE terminal_id = 'T3'")
    setup.close()

    with Server(db) as server:
        base = server.url
        driver.get(base + "/signin")
        shoot(driver, "signin")
        sign_in(driver, base, "viewer")
        rows = driver.find_elements(By.CSS_SELECTOR, "#fleet-rows tr[data-terminal]")
        assert [r.get_attribute("data-terminal") for r in rows] == ["T2", "T3", "T1"]
        assert "在线" in text_of(driver, "#fleet-rows")
        shoot(driver, "fleet")

        driver.get(base + "/terminals/T1")
        assert driver.find_elements(By.ID, "viewer-note")
        assert not driver.find_elements(By.ID, "action-form")
        # The viewer builds the operator's form by hand (with a valid CSRF token): the
        # server, not the missing button, refuses it.
        driver.execute_script(
            """
            const f = document.createElement('form');
            f.method = 'post'; f.action = '/terminals/T1/actions';
            const fields = {csrf: document.querySelector('input[name=csrf]').value,
                            action: 'open', compartment: 'C01', reason: 'try', confirm: 'yes'};
            for (const [k, v] of Object.entries(fields)) {
              const i = document.createElement('input'); i.name = k; i.value = v; f.appendChild(i);
            }
            document.body.appendChild(f); f.submit();
            """
        )
        wait_until(lambda: driver.find_elements(By.ID, "refused"), 15, "the refusal page")
        shoot(driver, "refused")
        assert [j for j in central.store.jobs() if j["terminal_id"] == "T1"] == []

        driver.get(base + "/")
        driver.find_element(By.ID, "sign-out").click()
        wait_until(lambda: "/signin" in driver.current_url, 15, "sign-out")

        sign_in(driver, base, "operator")
        driver.get(base + "/terminals/T1")
        driver.find_element(By.ID, "compartment").send_keys("C01")
        driver.find_element(By.ID, "reason").send_keys("读者书包卡在格口 / bag stuck")
        driver.find_element(By.ID, "confirm").click()
        driver.find_element(By.ID, "do-action").click()
        wait_until(lambda: driver.find_elements(By.ID, "queued-msg"), 15, "the queued job")
        # The jobs table refreshes itself; no reload.
        wait_until(
            lambda: driver.find_elements(By.CSS_SELECTOR, "#job-rows tr.job-succeeded"),
            30,
            "the job to succeed on the page",
        )
        assert opened == ["C01"]
        assert "成功" in text_of(driver, "#job-rows")
        shoot(driver, "terminal")

        driver.get(base + "/alarms")
        assert "柜门长时间未关闭" in text_of(driver, "table")
        door = driver.find_element(By.CSS_SELECTOR, "tr.health-alarm[data-alarm='terminal:T3:3']")
        door.find_element(By.NAME, "note").send_keys("已派人 / on the way")
        door.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait_until(
            lambda: driver.find_elements(By.CSS_SELECTOR, "tr.acked[data-alarm='terminal:T3:3']"),
            15,
            "the alarm marked acknowledged",
        )
        acked = text_of(driver, "tr.acked[data-alarm='terminal:T3:3']")
        assert "已由 operator" in acked and "确认" in acked
        shoot(driver, "alarms")

        # The reports' downloads, as a person gets them: a click, then the file on disk.
        driver.get(base + "/reports")
        driver.find_element(By.ID, "report-csv").click()
        rows = list(csv.reader(io.StringIO(downloaded(downloads, ".csv").read_text("utf-8"))))
        assert rows[0][:2] == ["site", "day"] and "refusal:patron_blocked" in rows[0]
        loans = sum(int(r[2]) for r in rows[1:] if r[0] == "西湖分馆")
        assert loans == len([e for e in t3_kinds if e == "loan"])
        driver.find_element(By.ID, "report-pdf").click()
        pdf = downloaded(downloads, ".pdf").read_bytes()
        assert pdf.startswith(b"%PDF") and b"/Type /Page" in pdf

        if SHOTS:
            driver.get(base + "/lang?to=en&next=/")
            shoot(driver, "fleet-en")
            driver.get(base + "/lang?to=zh&next=/")
            driver.find_element(By.ID, "sign-out").click()
            sign_in(driver, base, "admin")
            driver.get(base + "/users")
            shoot(driver, "users")
            driver.get(base + "/audit")
            shoot(driver, "audit")
            driver.get(base + "/holds")
            shoot(driver, "holds")
            driver.get(base + "/reports")
            wait_until(
                lambda: driver.execute_script(
                    "return document.querySelector('img.chart').naturalWidth"
                ),
                15,
                "the chart",
            )
            shoot(driver, "reports")

    audit = Accounts(CentralStore(db)).audit_log()
    (opening,) = [a for a in audit if a["action"] == "open_compartment"]
    assert opening["username"] == "operator"
    assert central.store.job(opening["command_id"])["state"] == "succeeded"
    assert any(a["action"] == "refused" and a["username"] == "viewer" for a in audit)
