"""Why a request is refused, in both languages, with what the resident can do next.

The flows return these reasons; the UI shows ``text(lang)`` and ``advice(lang, site)``;
the audit log stores the enum value. Wording is for a resident standing alone at a machine
at night: plain, no codes, always a next step. Where the next step is a person, the advice
follows the site: a staffed site sends the resident to its service desk, an unstaffed one
(most are) to the help phone, or to the help button when the site gives no phone.
"""

from __future__ import annotations

from enum import Enum
from typing import Protocol


class HelpSite(Protocol):
    """What advice needs to know of the site (``kiosk.config.SiteIdentity`` has it)."""

    @property
    def staffed(self) -> bool: ...

    @property
    def service_phone(self) -> str: ...


class Reason(Enum):
    PATRON_UNKNOWN = "patron_unknown"
    PATRON_BLOCKED = "patron_blocked"
    CREDIT_TOO_LOW = "credit_too_low"
    MAX_LOANS_REACHED = "max_loans_reached"
    MAX_ITEMS_PER_TRANSACTION = "max_items_per_transaction"
    OFFLINE_NO_NEW_SESSIONS = "offline_no_new_sessions"
    OFFLINE_ITEM_LIMIT = "offline_item_limit"
    ITEM_UNKNOWN = "item_unknown"
    ITEM_NOT_LOANABLE = "item_not_loanable"
    ITEM_ON_LOAN_TO_OTHER = "item_on_loan_to_other"
    ITEM_ALREADY_YOURS = "item_already_yours"
    ITEM_RESERVED_FOR_OTHER = "item_reserved_for_other"
    TAG_UNREADABLE = "tag_unreadable"
    SECURITY_WRITE_FAILED = "security_write_failed"
    NOT_ON_LOAN = "not_on_loan"
    RENEWAL_LIMIT = "renewal_limit"
    RENEW_RESERVED = "renew_reserved"
    RENEW_OFFLINE = "renew_offline"
    RENEW_TOO_SOON = "renew_too_soon"
    LOAN_NOT_FOUND = "loan_not_found"
    NO_HOLDS_READY = "no_holds_ready"
    PICKUP_CODE_WRONG = "pickup_code_wrong"
    PICKUP_CODE_LOCKED = "pickup_code_locked"
    CODE_SESSION_PICKUP_ONLY = "code_session_pickup_only"
    COMPARTMENT_FAULT = "compartment_fault"
    NO_FREE_COMPARTMENT = "no_free_compartment"
    TERMINAL_OUT_OF_SERVICE = "terminal_out_of_service"
    DEVICE_UNAVAILABLE = "device_unavailable"
    PIN_WRONG = "pin_wrong"
    PIN_LOCKED = "pin_locked"
    PIN_NOT_SET = "pin_not_set"

    def text(self, lang: str = "zh") -> str:
        return _TEXT[self][0 if lang == "zh" else 1]

    def advice(self, lang: str = "zh", site: HelpSite | None = None) -> str:
        """What to do next; ``{help}`` in the wording becomes where this site's help is.

        Without a site the advice is an unstaffed site's with no phone (the help button).
        """
        zh, en = _ADVICE.get(self, _ASK_FOR_HELP)
        return (zh if lang == "zh" else en).replace("{help}", help_line(lang, site))


def help_line(lang: str = "zh", site: HelpSite | None = None) -> str:
    """Where a resident gets help at this site: a sentence in Chinese, a clause in English
    (it follows "For help:" and the like)."""
    zh = lang == "zh"
    if site is not None and site.staffed:
        return "请到服务台找工作人员。" if zh else "ask the staff at the service desk."
    if site is not None and site.service_phone:
        phone = site.service_phone
        return f"请拨打服务电话{phone}。" if zh else f"call the help line on {phone}."
    return "请按屏幕上方的“帮助”按钮。" if zh else "press Help at the top of the screen."


_ASK_FOR_HELP = ("如需帮助，{help}", "For help: {help}")

_TEXT: dict[Reason, tuple[str, str]] = {
    Reason.PATRON_UNKNOWN: ("未找到此读者证。", "This library card is not recognised."),
    Reason.PATRON_BLOCKED: ("此读者证已暂停借阅。", "Borrowing is suspended on this card."),
    Reason.CREDIT_TOO_LOW: (
        "您的信用分未达到本馆信用借阅的要求。",
        "Your credit score is below what credit borrowing here requires.",
    ),
    Reason.MAX_LOANS_REACHED: (
        "您已达到可借册数上限。",
        "You have reached the maximum number of loans.",
    ),
    Reason.MAX_ITEMS_PER_TRANSACTION: (
        "一次最多可借的册数已满。",
        "That is the most items you can borrow at once.",
    ),
    Reason.OFFLINE_NO_NEW_SESSIONS: (
        "网络暂时中断，本机暂不能借书，仍可还书。",
        "The network is down: borrowing is paused here, returns still work.",
    ),
    Reason.OFFLINE_ITEM_LIMIT: (
        "网络暂时中断，本次最多可借的册数已满。",
        "The network is down: you have borrowed as many items as allowed offline.",
    ),
    Reason.ITEM_UNKNOWN: ("这本书不在本馆目录中。", "This item is not in the catalogue."),
    Reason.ITEM_NOT_LOANABLE: ("这本书仅供馆内阅读。", "This item is for reading on site only."),
    Reason.ITEM_ON_LOAN_TO_OTHER: (
        "这本书的借阅记录未清。",
        "This item is still recorded on another loan.",
    ),
    Reason.ITEM_ALREADY_YOURS: ("这本书您已经借了。", "You already have this item on loan."),
    Reason.ITEM_RESERVED_FOR_OTHER: (
        "这本书已被其他读者预约。",
        "This item is reserved for another reader.",
    ),
    Reason.TAG_UNREADABLE: (
        "无法读取这本书的标签。",
        "The tag in this item could not be read.",
    ),
    Reason.SECURITY_WRITE_FAILED: (
        "这本书的防盗状态未能更改，未借出。",
        "The security state of this item could not be changed; it was not lent.",
    ),
    Reason.NOT_ON_LOAN: ("未借出，已恢复在馆。", "Not on loan; checked in."),
    Reason.RENEWAL_LIMIT: ("这本书已达续借次数上限。", "This item cannot be renewed again."),
    Reason.RENEW_RESERVED: (
        "这本书已被其他读者预约，不能续借。",
        "Another reader has reserved this item, so it cannot be renewed.",
    ),
    Reason.RENEW_OFFLINE: (
        "网络暂时中断，暂不能续借。",
        "The network is down: renewals are not possible right now.",
    ),
    Reason.RENEW_TOO_SOON: (
        "这本书离到期还早，现在还不能续借。",
        "It is too early to renew this item.",
    ),
    Reason.LOAN_NOT_FOUND: ("未找到这笔借阅。", "That loan was not found."),
    Reason.NO_HOLDS_READY: (
        "您在本机没有待取的预约书。",
        "There are no reserved items waiting for you here.",
    ),
    Reason.PICKUP_CODE_WRONG: ("取书码不正确。", "That pick-up code is not correct."),
    Reason.PICKUP_CODE_LOCKED: (
        "取书码错误次数过多，请稍后再试。",
        "Too many wrong pick-up codes: please try again later.",
    ),
    Reason.CODE_SESSION_PICKUP_ONLY: (
        "取书码只能用于领取预约书。",
        "A pick-up code is for collecting reserved items only.",
    ),
    Reason.COMPARTMENT_FAULT: (
        "柜门未能打开。",
        "The locker door did not open.",
    ),
    Reason.NO_FREE_COMPARTMENT: ("没有可用的空柜格。", "No empty compartment is available."),
    Reason.TERMINAL_OUT_OF_SERVICE: (
        "本机正在维护，暂停服务。",
        "This terminal is out of service for maintenance.",
    ),
    Reason.DEVICE_UNAVAILABLE: (
        "设备暂时无法使用。",
        "A device of this terminal is not working right now.",
    ),
    Reason.PIN_WRONG: ("密码不正确。", "That PIN is not right."),
    Reason.PIN_LOCKED: (
        "此读者证密码错误次数过多，请稍后再试。",
        "Too many wrong PINs for this card: please try again later.",
    ),
    Reason.PIN_NOT_SET: (
        "本机借书需要读者密码，您的读者证尚未设置密码。",
        "Borrowing here needs a PIN, and your card has none yet.",
    ),
}

_ADVICE: dict[Reason, tuple[str, str]] = {
    Reason.PATRON_UNKNOWN: (
        "请确认使用的是图书馆读者证或电子读者证。如需办证，{help}",
        "Use your library card or e-card. To get a card: {help}",
    ),
    Reason.PATRON_BLOCKED: (
        "请在图书馆App中查看原因。如需帮助，{help}",
        "The library app says why. For help: {help}",
    ),
    Reason.CREDIT_TOO_LOW: (
        "您仍可还书。借书需要普通读者证，{help}",
        "You can still return items. To borrow, you need a regular library card: {help}",
    ),
    Reason.MAX_LOANS_REACHED: (
        "归还已借的书后即可继续借阅。",
        "Return some items and you can borrow again.",
    ),
    Reason.MAX_ITEMS_PER_TRANSACTION: (
        "请先完成本次借阅，再借其余的书。",
        "Finish this loan, then borrow the rest in a new one.",
    ),
    Reason.OFFLINE_NO_NEW_SESSIONS: (
        "请稍后再试，或将书放回书架。",
        "Please try again later, or put the items back on the shelf.",
    ),
    Reason.OFFLINE_ITEM_LIMIT: (
        "请把其余的书放回书架，网络恢复后可再借。",
        "Put the other items back; you can borrow them once the network is back.",
    ),
    Reason.ITEM_NOT_LOANABLE: ("请在馆内阅读后放回书架。", "Please read it here and reshelve it."),
    Reason.ITEM_ALREADY_YOURS: ("无需再次借阅。", "Nothing more to do for this item."),
    Reason.ITEM_ON_LOAN_TO_OTHER: (
        "请不要带走这本书。如需帮助，{help}",
        "Please leave it here. For help: {help}",
    ),
    Reason.ITEM_RESERVED_FOR_OTHER: (
        "请将这本书放回，您可以在图书馆App中预约。",
        "Please leave it here; you can reserve it in the library app.",
    ),
    Reason.TAG_UNREADABLE: (
        "请把书平放在感应区中央，一次不要叠放太多。",
        "Lay the item flat in the middle of the pad and do not stack too many.",
    ),
    Reason.SECURITY_WRITE_FAILED: (
        "请把书平放在感应区上重试。",
        "Keep the item flat on the pad and try again.",
    ),
    Reason.NOT_ON_LOAN: (
        "请把书放回书架或还书箱。",
        "Please put it on the shelf or in the return box.",
    ),
    Reason.RENEWAL_LIMIT: ("请按期归还。", "Please return it by its due date."),
    Reason.RENEW_RESERVED: ("请按期归还。", "Please return it by its due date."),
    Reason.RENEW_OFFLINE: (
        "请稍后再试，或在图书馆App中续借。",
        "Try later, or renew in the library app.",
    ),
    Reason.RENEW_TOO_SOON: (
        "临近到期时可以续借，届时请再来或在图书馆App中续借。",
        "You can renew it in the days before it is due, here or in the library app.",
    ),
    Reason.NO_HOLDS_READY: (
        "预约的书放入柜格后，您会收到短信通知。",
        "You will get a text message when your items are ready.",
    ),
    Reason.PICKUP_CODE_WRONG: (
        "请核对短信中的取书码后重新输入。",
        "Check the code in your text message and enter it again.",
    ),
    Reason.PICKUP_CODE_LOCKED: (
        "也可以刷读者证取书，或扫描图书馆App中的取书二维码。",
        "You can also collect your items with your library card, or scan the code in the app.",
    ),
    Reason.CODE_SESSION_PICKUP_ONLY: (
        "借书、续借或查看借阅，请使用读者证或电子读者证登录。",
        "To borrow, renew or see your loans, log in with your library card or e-card.",
    ),
    Reason.COMPARTMENT_FAULT: (
        "已通知图书馆处理，您的预约书会保留。",
        "The library has been told; your reserved items stay reserved for you.",
    ),
    Reason.PIN_WRONG: (
        "请重新输入。忘记密码可在图书馆App中重设，也可以扫描图书馆App中的电子读者证登录。",
        "Please enter it again. If you forgot it, reset it in the library app, or log in "
        "with the e-card in the app.",
    ),
    Reason.PIN_LOCKED: (
        "可以扫描图书馆App中的电子读者证登录，或在图书馆App中重设密码。",
        "You can log in with the e-card in the library app, or reset your PIN there.",
    ),
    Reason.PIN_NOT_SET: (
        "请在图书馆App中设置密码，或扫描图书馆App中的电子读者证登录。",
        "Set a PIN in the library app, or log in with the e-card in the app.",
    ),
}


def wait_text(seconds: int, lang: str = "zh") -> str:
    """How long to wait before trying again, e.g. after too many wrong codes.

    Whole minutes read as minutes (6分钟, not 360秒); Chinese has no spaces around digits.
    """
    minutes, rest = divmod(max(0, int(seconds)), 60)
    if lang == "zh":
        if not minutes:
            return f"请在{rest}秒后再试。"
        return f"请在{minutes}分钟后再试。" if not rest else f"请在{minutes}分{rest}秒后再试。"
    if not minutes:
        return f"Try again in {rest} s."
    return f"Try again in {minutes} min." if not rest else f"Try again in {minutes} min {rest} s."
