"""The online funnel on a fixed set, computed by hand."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse

from zhaoshang.portal import actions, funnel
from zhaoshang.portal.models import Inquiry
from zhaoshang.projects.factories import StageEventFactory
from zhaoshang.projects.models import Stage

TZ = ZoneInfo("Asia/Shanghai")


def _submit(county, day: datetime, source: str, place):
    data = {
        "company": f"公司{day:%m%d%H}{source}",
        "intent": "投资",
        "industry": "电池",
        "band": "large",
        "contact_name": "甲",
        "phone": "1",
        "consent": True,
        "source": source,
        "place": place,
    }
    return actions.do_submit_inquiry(data, now=day)


def _accept(inquiry, user, after_days: int):
    project = actions.do_accept_inquiry(inquiry, {}, user)
    Inquiry.objects.filter(pk=inquiry.pk).update(handled_at=inquiry.created_at + timedelta(days=after_days))
    return project


def _event(project, stage, day: date):
    """A stage event recorded on the day it happened (the funnel reads what was
    on record as of its date)."""
    StageEventFactory(project=project, stage=stage, date=day, recorded_at=datetime.combine(day, time(12), TZ))


def test_the_funnel_by_month_channel_and_unit_equals_hand_counted_values(county, bureau_user):
    """October, 展会, 城关镇: 4 inquiries; 3 accepted (after 1, 2 and 6 days); of
    those, 2 reached 洽谈, 1 went on to 签约 and 落地 (skipping none on record),
    one was marked invalid. November, 直接访问, 河口镇: 1 inquiry, accepted after
    0 days, still a lead."""
    october = datetime(2026, 10, 12, 9, 0, tzinfo=TZ)
    rows = [_submit(county, october + timedelta(hours=n), "展会", county.township) for n in range(4)]
    late = _submit(county, datetime(2026, 11, 3, 9, 0, tzinfo=TZ), "", county.other_township)

    p1 = _accept(rows[0], bureau_user, 1)
    p2 = _accept(rows[1], bureau_user, 2)
    _accept(rows[2], bureau_user, 6)
    actions.do_reject_inquiry(rows[3], "重复提交", bureau_user)
    _accept(late, bureau_user, 0)
    for project in (p1, p2):
        _event(project, Stage.NEGOTIATING, date(2026, 10, 20))
    _event(p1, Stage.SIGNED, date(2026, 11, 1))
    _event(p1, Stage.REGISTERED, date(2026, 11, 15))

    result, total = funnel.build(Inquiry.objects.all(), as_of=date(2026, 11, 30))
    november, october_row = result
    assert (october_row.month, october_row.channel, october_row.unit) == ("2026-10", "展会", "城关镇")
    assert [october_row.inquiries, october_row.valid, october_row.negotiating, october_row.signed, october_row.registered] == [4, 3, 2, 1, 1]
    assert october_row.valid_rate == 0.75 and october_row.signed_rate == 0.25 and october_row.median_days == 2
    assert (november.month, november.channel, november.unit) == ("2026-11", "直接访问", "河口镇")
    assert [november.inquiries, november.valid, november.negotiating, november.signed, november.registered] == [1, 1, 0, 0, 0]
    assert [total.inquiries, total.valid, total.negotiating, total.signed, total.registered] == [5, 4, 2, 1, 1]
    assert total.median_days == 1.5

    # As of before the signing, the signed and registered columns are empty.
    _rows, earlier = funnel.build(Inquiry.objects.all(), as_of=date(2026, 10, 31))
    assert (earlier.negotiating, earlier.signed, earlier.registered) == (2, 0, 0)


def test_the_funnel_is_on_the_dashboard_for_the_users_scope(county, reporter, client_for):
    _submit(county, datetime(2026, 10, 12, 9, 0, tzinfo=TZ), "展会", county.township)
    _submit(county, datetime(2026, 10, 12, 9, 0, tzinfo=TZ), "公众号", county.other_township)
    page = client_for(reporter).get(reverse("dashboard")).content.decode()
    assert 'id="inquiry-funnel"' in page and "展会" in page and "公众号" not in page
