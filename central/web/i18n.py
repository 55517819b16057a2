"""The console's words in Chinese (the default) and English, and how times are shown.

Instants are stored in UTC; they are shown in the console's display time zone
(``WebSettings.display_tz``), with the age next to them where it matters.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"

MESSAGES: dict[str, tuple[str, str]] = {
    "title": ("自助服务终端管理控制台", "Kiosk fleet console"),
    "nav.fleet": ("终端", "Fleet"),
    "nav.alarms": ("告警", "Alarms"),
    "nav.users": ("账户", "Accounts"),
    "nav.audit": ("审计日志", "Audit log"),
    "nav.reports": ("统计", "Reports"),
    "nav.holds": ("待放入柜格的预约", "Holds to load"),
    "holds.none": ("没有待放入柜格的预约", "No holds waiting to be loaded"),
    "holds.count": ("{n} 册", "{n} items"),
    "hold": ("预约号", "Hold"),
    "item": ("条码", "Item"),
    "title_col": ("题名", "Title"),
    "expires": ("到期", "Expires"),
    "sent": ("下发于", "Sent"),
    "report.title": ("借还统计", "Circulation figures"),
    "report.from": ("从", "From"),
    "report.to": ("到", "To"),
    "report.show": ("显示", "Show"),
    "report.csv": ("下载 CSV", "Download CSV"),
    "report.pdf": ("{year} 年度报告 (PDF)", "Year {year} report (PDF)"),
    "report.bad": ("日期无效（1 到 366 天）", "Not a valid range (1 to 366 days)"),
    "report.total": ("合计", "Total"),
    "report.pickup": ("预约取书", "Pick-ups"),
    "report.offline": ("离线借出占比", "Loans made offline"),
    "report.by_hour": ("各时段借出（本地时间）", "Loans per hour of day (local time)"),
    "report.network": ("全馆网络", "Whole network"),
    "report.loans_by_site": ("借出明细（按站点）", "Loans by site"),
    "report.chart": ("每日合计（全部站点）", "Per day, all sites"),
    "report.note": (
        "按站点（未设站点时按终端）和本地日期统计中心已存的事件",
        "Events central has stored, by site (terminal when no site is set) and local day",
    ),
    "kind.loan": ("借出", "Loans"),
    "kind.return": ("归还", "Returns"),
    "kind.renew": ("续借", "Renewals"),
    "kind.hold_loaded": ("预约已放入柜格", "Holds loaded"),
    "day": ("日期", "Day"),
    "counter.loans": ("借出", "loans"),
    "counter.returns": ("归还", "returns"),
    "counter.renewals": ("续借", "renewals"),
    "counter.pickups": ("取书", "pick-ups"),
    "counter.refusals": ("拒绝", "refusals"),
    "counter.sessions": ("登录", "sessions"),
    "sign_in": ("登录", "Sign in"),
    "sign_out": ("退出", "Sign out"),
    "username": ("用户名", "Username"),
    "password": ("密码", "Password"),
    "signin.failed": ("用户名或密码错误", "Wrong username or password"),
    "signin.wait": ("尝试次数过多，请 {s} 秒后再试", "Too many attempts; try again in {s} s"),
    "role": ("角色", "Role"),
    "role.viewer": ("查看员", "Viewer"),
    "role.operator": ("操作员", "Operator"),
    "role.admin": ("管理员", "Administrator"),
    "refused": ("无权执行此操作", "You may not do this"),
    "refused.needs": ("需要角色：{role}", "Needs the role: {role}"),
    "csrf": ("表单已过期，请返回并重试", "The form has expired; go back and try again"),
    "not_found": ("未找到", "Not found"),
    "back": ("返回", "Back"),
    "filter": ("筛选", "Filter"),
    "filter.any": ("全部", "All"),
    "filter.alarm": ("仅告警", "Alarms only"),
    "terminal": ("终端", "Terminal"),
    "site": ("站点", "Site"),
    "state": ("状态", "State"),
    "state.online": ("在线", "Online"),
    "state.offline": ("离线", "Offline"),
    "state.unknown": ("未知", "Unknown"),
    "since": ("自", "since"),
    "silent": ("无遥测", "silent"),
    "devices": ("设备", "Devices"),
    "alarms": ("告警", "Alarms"),
    "outbox": ("待发事件", "Outbox"),
    "oldest": ("最早", "oldest"),
    "last_ack": ("最近确认", "Last ack"),
    "versions": ("软件/配置", "Software/config"),
    "today": ("今日", "Today"),
    "health.ok": ("正常", "OK"),
    "health.warning": ("注意", "Warning"),
    "health.alarm": ("告警", "Alarm"),
    "health.offline": ("离线", "Offline"),
    "out_of_service": ("停止服务", "Out of service"),
    "gap": ("事件缺失", "events missing"),
    "refreshing": ("每 5 秒自动刷新", "Refreshes every 5 s"),
    "no_terminals": ("暂无终端", "No terminals"),
    "details": ("详情", "Details"),
    "events_stored": ("已存事件至序号", "Events stored up to seq"),
    "rejected": ("拒收消息", "Rejected messages"),
    "rate_limited": ("限流丢弃", "Rate-limited"),
    "compartments": ("格口", "Compartments"),
    "compartment": ("格口", "Compartment"),
    "last_event": ("最近事件", "Last event"),
    "recent_events": ("最近事件（读者号已遮蔽）", "Recent events (patron ids masked)"),
    "seq": ("序号", "Seq"),
    "kind": ("类型", "Kind"),
    "time": ("时间", "Time"),
    "data": ("内容", "Data"),
    "jobs": ("指令", "Commands"),
    "job.state": ("结果", "Result"),
    "job.by": ("发起人", "By"),
    "job.queued_msg": ("指令已排队：{id}", "Command queued: {id}"),
    "job.queued": ("排队中", "queued"),
    "job.in_progress": ("执行中", "in progress"),
    "job.succeeded": ("成功", "succeeded"),
    "job.failed": ("失败", "failed"),
    "job.rejected": ("被拒绝", "rejected"),
    "job.timed_out": ("超时", "timed out"),
    "actions": ("操作", "Actions"),
    "actions.viewer": (
        "查看员只能查看；操作需要操作员角色",
        "Viewers see only; actions need the operator role",
    ),
    "action.open": ("打开格口", "Open a compartment"),
    "action.out_of_service": ("停止服务", "Take out of service"),
    "action.in_service": ("恢复服务", "Put back in service"),
    "action.block": ("冻结读者", "Block a patron"),
    "action.unblock": ("解冻读者", "Unblock a patron"),
    "action.resend": ("从序号重发事件", "Re-send events from"),
    "compartment.blank": ("留空表示整台终端", "blank: the whole terminal"),
    "patron": ("读者证号", "Patron id"),
    "from_seq": ("起始序号", "From seq"),
    "reason": ("原因", "Reason"),
    "confirm": ("我确认执行此操作", "I confirm this action"),
    "submit": ("执行", "Do it"),
    "action.bad": ("请求无效：{why}", "Not a valid request: {why}"),
    "action.need_confirm": ("请勾选确认", "Tick the confirmation"),
    "action.need_reason": ("请填写原因", "Give a reason"),
    "action.need_compartment": ("请填写格口", "Name the compartment"),
    "action.need_patron": ("请填写读者证号", "Give the patron id"),
    "action.need_seq": ("起始序号须为正整数", "The start must be a positive whole number"),
    "set_site": ("设置站点", "Set site"),
    "save": ("保存", "Save"),
    "alarm.source": ("来源", "Source"),
    "alarm.source.central": ("中心", "Central"),
    "alarm.source.terminal": ("终端", "Terminal"),
    "alarm.source.offline": ("离线", "Offline"),
    "alarm.subject": ("对象", "Subject"),
    "alarm.raised": ("发生于", "Raised"),
    "alarm.count": ("次数", "Count"),
    "alarm.ack": ("确认", "Acknowledge"),
    "alarm.acked": ("已由 {who} 于 {at} 确认", "Acknowledged by {who} at {at}"),
    "alarm.none": ("没有活动告警", "No active alarms"),
    "alarm.note": ("备注", "Note"),
    "alarm.gone": ("该告警已不存在", "That alarm is no longer active"),
    "users.add": ("新增账户", "Add an account"),
    "users.created": ("创建于", "Created"),
    "users.disabled": ("已停用", "Disabled"),
    "users.disable": ("停用", "Disable"),
    "users.enable": ("启用", "Enable"),
    "users.change_role": ("更改角色", "Change role"),
    "audit.who": ("操作人", "Who"),
    "audit.source": ("来源地址", "From"),
    "audit.action": ("操作", "Action"),
    "audit.command": ("指令", "Command"),
    "language": ("English", "中文"),
    "ago.s": ("{n} 秒前", "{n} s ago"),
    "ago.m": ("{n} 分钟前", "{n} min ago"),
    "ago.h": ("{n} 小时前", "{n} h ago"),
    "ago.d": ("{n} 天前", "{n} d ago"),
    "never": ("从未", "never"),
    "colon": ("：", ": "),
    "dur.s": ("{n} 秒", "{n} s"),
    "dur.m": ("{n} 分钟", "{n} min"),
    "dur.h": ("{n} 小时", "{n} h"),
    "dur.d": ("{n} 天", "{n} d"),
    "district": ("区", "District"),
    "max_seq": ("已收到最大序号 {n}", "highest received {n}"),
    "kind.session": ("到访", "Visits"),
    "kind.refusal": ("拒绝", "Refusals"),
    "report.refusals_by_reason": ("拒绝原因（按站点）", "Refusals by reason and site"),
    "report.no_refusals": ("此期间没有拒绝", "No refusals in this period"),
    "report.availability": ("终端可用率", "Availability per terminal"),
    "report.online_share": ("在线时间占比", "Time online"),
    "report.no_history": ("此期间没有状态记录", "No state history in this period"),
}


def translate(language: str, key: str, **values: object) -> str:
    """The message ``key`` in ``language``; an unknown key shows itself (visible, not fatal)."""
    pair = MESSAGES.get(key)
    if pair is None:
        return key
    text = pair[0] if language == "zh" else pair[1]
    return text.format(**values) if values else text


def local_time(at: str | None, zone: ZoneInfo) -> str:
    """A stored UTC instant as the console's local time, to the second."""
    if not at:
        return "-"
    try:
        parsed = datetime.fromisoformat(at)
    except ValueError:
        return at
    if parsed.tzinfo is None:
        return at
    return parsed.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


def duration(language: str, seconds: float | None) -> str:
    """A span in its largest whole unit and the next: "2 小时 5 分钟" / "2 h 5 min"."""
    if seconds is None:
        return "-"
    left = max(0, int(seconds))
    units = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))
    first = next(i for i, (_, size) in enumerate(units) if left >= size or size == 1)
    unit, size = units[first]
    parts = [translate(language, f"dur.{unit}", n=left // size)]
    if first + 1 < len(units):
        next_unit, next_size = units[first + 1]
        if (left % size) // next_size:
            parts.append(translate(language, f"dur.{next_unit}", n=(left % size) // next_size))
    return " ".join(parts)


def age(language: str, at: str | None, now: datetime | None = None) -> str:
    """How long ago a stored instant was, in the largest whole unit."""
    if not at:
        return translate(language, "never")
    try:
        parsed = datetime.fromisoformat(at)
    except ValueError:
        return at
    if parsed.tzinfo is None:
        return at
    seconds = max(0, int(((now or datetime.now(UTC)) - parsed).total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return translate(language, f"ago.{unit}", n=seconds // size)
    return translate(language, "ago.s", n=seconds)
