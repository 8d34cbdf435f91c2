"""Default policies (docs/domain.md §8) and the calendar seed from `chinesecalendar`,
shared by the data migration and `manage.py seed_calendar` (run it after upgrading
the package to add a newly published year). Plain data, no models: the migration
passes its historical models in."""

from __future__ import annotations

from datetime import date

MOFCOM = "商务部令2020年第3号"

# (kind, urgency, limit, unit, basis)
DEFAULT_POLICIES = [
    ("sign_off", "normal", 1, "days", ""),
    ("consult", "normal", 2, "days", ""),
    ("help", "normal", 5, "days", ""),
    ("complaint", "normal", 10, "days", ""),
    ("complex", "normal", 15, "days", ""),
    ("foreign_accept", "normal", 7, "days", MOFCOM),
    ("foreign_finish", "normal", 60, "days", MOFCOM),
    # No statutory limit (docs/domain.md §3, §8): an obstacle is treated as a complex matter
    # until the bureau says otherwise.
    ("obstacle", "normal", 15, "days", ""),
    # docs/domain.md §11: an online inquiry is first contacted within 1 working day.
    ("first_contact", "normal", 1, "days", ""),
    # No statutory limit either (docs/domain.md §13): an element step's own limit comes from its template; this
    # one is the fallback. An element problem gets 5 working days at each level
    # (department → task force → leader) before it moves up.
    ("element_step", "normal", 15, "days", ""),
    ("element_problem", "normal", 5, "days", ""),
    # docs/domain.md §8: a closed case is visited back within 3 working days.
    ("return_visit", "normal", 3, "days", ""),
    *[(kind, "urgent", 24, "hours", "") for kind in ("consult", "help", "complaint", "complex", "obstacle")],
    *[(kind, "danger", 2, "hours", "") for kind in ("consult", "help", "complaint", "complex", "obstacle")],
]

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def package_days() -> list[tuple[date, str, str]]:
    """(date, kind, Chinese name) for every holiday and make-up working day the
    installed `chinesecalendar` knows."""
    from chinese_calendar.constants import holidays, workdays

    days = [(day, "holiday", HOLIDAY_NAMES.get(str(name), str(name))) for day, name in holidays.items()]
    days += [(day, "workday", f"{HOLIDAY_NAMES.get(str(name), str(name))}调休") for day, name in workdays.items()]
    return sorted(days)


def seed_calendar(calendar_day_model, years: set[int] | None = None) -> int:
    """Add the package's days for years the table does not know yet (a year the
    bureau has edited is left alone); returns how many days were added."""
    known = {day.year for day in calendar_day_model.objects.dates("date", "year")}
    rows = [
        calendar_day_model(date=day, kind=kind, name=name)
        for day, kind, name in package_days()
        if day.year not in known and (years is None or day.year in years)
    ]
    calendar_day_model.objects.bulk_create(rows)
    return len(rows)


def seed_policies(policy_model) -> None:
    for kind, urgency, limit, unit, basis in DEFAULT_POLICIES:
        policy_model.objects.get_or_create(kind=kind, urgency=urgency, defaults={"limit": limit, "unit": unit, "basis": basis})
