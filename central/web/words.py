"""Words for the codes the console shows: alarm kinds, devices and their states, event and
command kinds, audit actions, refusal reasons, fields of events and commands.

The store, the terminals and the audit log speak in codes (``lock_did_not_release``,
``set_out_of_service``, ``patron_unknown``); the office reads words in Chinese or English.
A code nobody has named yet (a newer terminal's) is shown as it is rather than hidden.
``tests/central/web/test_words.py`` renders every page with every known code and checks
that none reaches the page raw.
"""

from __future__ import annotations

from kiosk.reasons import Reason

Words = dict[str, tuple[str, str]]

ALARMS: Words = {
    # The terminal's own (kiosk, drivers, runtime; ui/screens/service_words.py names them too).
    "door_left_open": ("柜门长时间未关闭", "Door left open"),
    "door_forced": ("柜门被非正常打开", "Door opened by force"),
    "lock_did_not_release": ("柜门锁未能打开", "Lock did not release"),
    "lock_did_not_open": ("柜门锁未能打开", "Lock did not open"),
    "board_not_answering": ("锁控板无响应", "Lock board not answering"),
    "compartment_out_of_service": ("格口停止服务", "Compartment out of service"),
    "door_not_closed": ("柜门未关闭", "Door not closed"),
    "check_compartment": ("请检查格口：放入柜格已撤销", "Check the compartment: a load was undone"),
    "pickup_unconfirmed": ("取书未经传感器确认", "Pick-up not confirmed by a sensor"),
    "security_state_unknown": ("图书防盗状态未知", "Book security state unknown"),
    "pickup_code_guessing": ("有人在猜取书码", "Pick-up codes being guessed"),
    "service_pin_guessing": ("有人在猜维护密码", "Service PIN being guessed"),
    "patron_pin_guessing": ("有人在猜读者借阅密码", "A patron's PIN being guessed"),
    "device_unavailable": ("启动时未找到设备", "Device not found at start-up"),
    "storage_full": ("存储已满", "Storage full"),
    "sync_queue_backlog": ("事件积压未上传", "Events not delivered to central"),
    "printer_paper_low": ("打印纸将尽", "Printer paper low"),
    "printer_paper_out": ("打印纸用完", "Printer paper out"),
    "printer_offline": ("打印机无响应", "Printer not answering"),
    "loan_refused": ("图书馆系统拒绝了一笔借阅", "A loan was refused by the library system"),
    "help_requested": ("读者在终端按了“帮助”求助", "A resident pressed Help at the terminal"),
    # Central's (central/store.py CentralAlarm) and the console's own.
    "bad_messages": ("收到无效消息", "Invalid messages received"),
    "rate_limited": ("消息超限被丢弃", "Messages over the rate limit dropped"),
    "sip2_unreachable": ("图书馆系统无法连接", "Library system unreachable"),
    "sip2_login_refused": ("图书馆系统拒绝登录", "Library system refused the login"),
    "sip2_refused": ("图书馆系统拒绝了借还记录", "Library system refused a loan or return"),
    "offline": ("终端离线", "Terminal offline"),
}

DEVICES: Words = {
    "rfid": ("RFID 读写器", "RFID pad"),
    "reader": ("RFID 读写器", "RFID pad"),
    "printer": ("凭条打印机", "Receipt printer"),
    "card": ("读卡器", "Card reader"),
    "scanner": ("二维码扫描器", "QR scanner"),
    "lockers": ("锁控板", "Lock boards"),
    "locker": ("锁控板", "Lock boards"),
    "store": ("存储", "Storage"),
    "outbox": ("上传队列", "Sync queue"),
    "keypad": ("键盘", "Keypad"),
    "service_pin": ("维护密码", "Service PIN"),
    "library-system": ("图书馆系统", "Library system"),
    "resident": ("读者", "Resident"),
}

DEVICE_STATES: Words = {
    "ok": ("正常", "working"),
    "": ("正常", "working"),
    "paper_low": ("纸将尽", "paper low"),
    "paper_out": ("缺纸", "paper out"),
    "cover_open": ("盖板打开", "cover open"),
    "printer_error": ("打印机故障", "printer error"),
    "printer_offline": ("无响应", "not answering"),
    "no_reader": ("未连接", "not connected"),
    "rfid_reader_error": ("读写器故障", "reader error"),
    "board_not_answering": ("无响应", "not answering"),
    "device_error": ("设备故障", "device error"),
    "unavailable": ("不可用", "unavailable"),
    "absent": ("未配置", "not fitted"),
}

EVENTS: Words = {
    "loan": ("借出", "Loan"),
    "return": ("归还", "Return"),
    "renew": ("续借", "Renewal"),
    "hold_loaded": ("预约书放入柜格", "Hold loaded"),
    "hold_expired": ("预约过期", "Hold expired"),
    "hold_removed": ("预约取出", "Hold taken out"),
    "session": ("到访", "Visit"),
    "refusal": ("拒绝", "Refusal"),
    "open_compartment": ("打开格口", "Door opened"),
}

JOBS: Words = {
    "open_compartment": ("打开格口", "Open a compartment"),
    "set_out_of_service": ("停止/恢复服务", "Out of/back in service"),
    "block_patron": ("冻结读者", "Block a patron"),
    "unblock_patron": ("解冻读者", "Unblock a patron"),
    "resend_events": ("重发事件", "Re-send events"),
    "set_config": ("下发配置", "Push configuration"),
    "sync_patrons": ("同步读者", "Sync patrons"),
    "load_holds": ("下发预约", "Send holds"),
    "cancel_hold": ("取消预约", "Cancel a hold"),
    "loan_refused": ("通知借阅被拒", "Tell of a refused loan"),
}

# Why a job ended other than succeeded (central/service.py, sync/commands.py).
JOB_REASONS: Words = {
    "expired": ("指令已过期", "expired"),
    "replayed": ("重复指令", "replayed"),
    "wrong_terminal": ("发错终端", "wrong terminal"),
    "malformed": ("格式无效", "malformed"),
    "invalid_args": ("参数无效", "invalid arguments"),
    "not_supported": ("终端不支持", "not supported"),
    "handler_error": ("终端执行出错", "failed on the terminal"),
    "bad_signature": ("签名无效", "bad signature"),
    "unknown_key": ("签名密钥不受信任", "untrusted key"),
    "no result": ("无结果", "no result"),
}

AUDIT: Words = {
    "open_compartment": ("打开格口", "Open a compartment"),
    "set_out_of_service": ("停止/恢复服务", "Out of/back in service"),
    "block_patron": ("冻结读者", "Block a patron"),
    "unblock_patron": ("解冻读者", "Unblock a patron"),
    "resend_events": ("重发事件", "Re-send events"),
    "alarm_ack": ("确认告警", "Acknowledge an alarm"),
    "set_site": ("设置站点", "Set the site"),
    "user_add": ("新增账户", "Add an account"),
    "user_role": ("更改角色", "Change a role"),
    "user_disable": ("停用账户", "Disable an account"),
    "user_enable": ("启用账户", "Enable an account"),
    "api_token_add": ("新增接口令牌", "Add an API token"),
    "api_token_revoke": ("吊销接口令牌", "Revoke an API token"),
    "sign_in": ("登录", "Sign in"),
    "sign_in_failed": ("登录失败", "Sign-in failed"),
    "sign_out": ("退出", "Sign out"),
    "refused": ("越权被拒", "Refused"),
}

# Field names of events, command arguments and audit details.
FIELDS: Words = {
    "item_id": ("条码", "item"),
    "hold_id": ("预约号", "hold"),
    "compartment_id": ("格口", "compartment"),
    "compartment": ("格口", "compartment"),
    "patron_id": ("读者", "patron"),
    "patron": ("读者", "patron"),
    "due": ("应还", "due"),
    "offline": ("离线", "offline"),
    "needs_staff": ("需人工核查", "staff to check"),
    "reason": ("原因", "reason"),
    "flow": ("业务", "flow"),
    "via": ("方式", "by"),
    "ended_by": ("结束", "ended"),
    "loans": ("借出", "loans"),
    "returns": ("归还", "returns"),
    "renewals": ("续借", "renewals"),
    "pickups": ("取书", "pick-ups"),
    "out_of_service": ("停止服务", "out of service"),
    "from_seq": ("起始序号", "from seq"),
    "version": ("版本", "version"),
    "changes": ("改动", "changes"),
    "count": ("数量", "count"),
    "patrons": ("读者数", "patrons"),
    "holds": ("预约数", "holds"),
    "path": ("路径", "path"),
    "needs": ("需要角色", "needs"),
    "role": ("角色", "role"),
    "name": ("名称", "name"),
    "user": ("账户", "account"),
    "site": ("站点", "site"),
    "note": ("备注", "note"),
    "key": ("告警", "alarm"),
    "kind": ("类型", "kind"),
    "state": ("状态", "state"),
    "action": ("操作", "action"),
}

# Values of the fields above that are themselves codes.
VALUES: Words = {
    "card": ("读者证", "card"),
    "ecard": ("电子读者证", "e-card"),
    "code": ("取书码", "pick-up code"),
    "done": ("读者结束", "finished"),
    "timeout": ("超时", "timed out"),
    "new_card": ("换卡", "another card"),
    "login": ("登录", "login"),
    "code_login": ("取书码登录", "pick-up code login"),
    "borrow": ("借书", "borrow"),
    "return": ("还书", "return"),
    "renew": ("续借", "renew"),
    "pickup": ("取书", "pick-up"),
    "expired": ("已过期", "expired"),
    "cancelled": ("已取消", "cancelled"),
    "staff": ("工作人员", "staff"),
    "viewer": ("查看员", "viewer"),
    "operator": ("操作员", "operator"),
    "admin": ("管理员", "administrator"),
    # The console's own actions (the terminal page's form), as audited.
    "open": ("打开格口", "open a compartment"),
    "out_of_service": ("停止服务", "out of service"),
    "in_service": ("恢复服务", "back in service"),
    "block": ("冻结读者", "block a patron"),
    "unblock": ("解冻读者", "unblock a patron"),
    "resend": ("重发事件", "re-send events"),
    "True": ("是", "yes"),
    "False": ("否", "no"),
}

# Short labels for refusal reasons (kiosk.reasons has the resident's sentences).
REASONS: Words = {
    Reason.PATRON_UNKNOWN.value: ("读者证未识别", "Card not recognised"),
    Reason.PATRON_BLOCKED.value: ("读者证已暂停", "Card suspended"),
    Reason.PIN_WRONG.value: ("密码错误", "Wrong PIN"),
    Reason.PIN_LOCKED.value: ("密码错误次数过多，暂时锁定", "PIN locked after wrong tries"),
    Reason.PIN_NOT_SET.value: ("未设置借阅密码", "No PIN set"),
    Reason.CREDIT_TOO_LOW.value: ("信用分不足", "Credit too low"),
    Reason.MAX_LOANS_REACHED.value: ("已达借阅上限", "Loan limit reached"),
    Reason.MAX_ITEMS_PER_TRANSACTION.value: ("超出单次册数", "Too many items at once"),
    Reason.OFFLINE_NO_NEW_SESSIONS.value: ("离线不可登录", "No logins while offline"),
    Reason.OFFLINE_ITEM_LIMIT.value: ("离线册数已满", "Offline item limit"),
    Reason.ITEM_UNKNOWN.value: ("图书未识别", "Item not recognised"),
    Reason.ITEM_NOT_LOANABLE.value: ("图书不外借", "Item not for loan"),
    Reason.ITEM_ON_LOAN_TO_OTHER.value: ("图书已被他人借出", "On loan to someone else"),
    Reason.ITEM_ALREADY_YOURS.value: ("图书已在本人名下", "Already on this card"),
    Reason.ITEM_RESERVED_FOR_OTHER.value: ("图书已被他人预约", "Reserved for someone else"),
    Reason.TAG_UNREADABLE.value: ("标签无法读取", "Tag unreadable"),
    Reason.SECURITY_WRITE_FAILED.value: ("防盗位写入失败", "Security write failed"),
    Reason.NOT_ON_LOAN.value: ("图书未借出", "Not on loan"),
    Reason.RENEWAL_LIMIT.value: ("续借次数已满", "Renewal limit"),
    Reason.RENEW_RESERVED.value: ("已被预约不可续借", "Reserved: no renewal"),
    Reason.RENEW_OFFLINE.value: ("离线不可续借", "No renewal offline"),
    Reason.RENEW_TOO_SOON.value: ("未到续借时间", "Too soon to renew"),
    Reason.LOAN_NOT_FOUND.value: ("未找到借阅记录", "Loan not found"),
    Reason.NO_HOLDS_READY.value: ("没有可取的预约", "No holds ready"),
    Reason.PICKUP_CODE_WRONG.value: ("取书码错误", "Wrong pick-up code"),
    Reason.PICKUP_CODE_LOCKED.value: ("取书码尝试过多", "Pick-up code locked"),
    Reason.CODE_SESSION_PICKUP_ONLY.value: ("取书码只能取书", "Pick-up code: pick-up only"),
    Reason.COMPARTMENT_FAULT.value: ("格口故障", "Compartment fault"),
    Reason.NO_FREE_COMPARTMENT.value: ("没有空格口", "No free compartment"),
    Reason.TERMINAL_OUT_OF_SERVICE.value: ("终端停止服务", "Terminal out of service"),
    Reason.DEVICE_UNAVAILABLE.value: ("设备不可用", "Device unavailable"),
}

GROUPS: dict[str, Words] = {
    "alarm": ALARMS,
    "device": DEVICES,
    "device_state": DEVICE_STATES,
    "event": EVENTS,
    "job": JOBS,
    "job_reason": JOB_REASONS,
    "audit": AUDIT,
    "field": FIELDS,
    "value": VALUES,
    "reason": REASONS,
}


def word(language: str, group: str, code: object) -> str:
    """``code`` of ``group`` in ``language``; an unnamed code is shown as it is."""
    text = str(code)
    pair = GROUPS[group].get(text)
    if pair is None:
        return text
    return pair[0] if language == "zh" else pair[1]


def out_of_service(language: str, reason: str) -> str:
    """A terminal's out-of-service reason: staff's own, an alarm's or a refusal's code."""
    if reason == "staff":
        return word(language, "value", reason)
    for group in ("alarm", "reason"):
        if reason in GROUPS[group]:
            return word(language, group, reason)
    return reason


def value(language: str, field: str, raw: object) -> str:
    """A field's value: codes (reasons, flows, how a visit began or ended) in words; a
    list or mapping (a configuration change, a patron list) as how many it holds."""
    if isinstance(raw, dict | list):
        return f"{len(raw)} 项" if language == "zh" else f"{len(raw)} items"
    if field == "reason" and str(raw) in REASONS:
        return word(language, "reason", raw)
    if field in ("kind",) and str(raw) in JOBS:
        return word(language, "job", raw)
    return word(language, "value", raw)
