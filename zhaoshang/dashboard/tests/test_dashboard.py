"""The dashboard (首页): who sees what, and the headline figures equal the ones
worked out by hand from the fixed county (see metrics/tests/conftest.py):

2026 1-10月, as of 10-31, whole county:
- 到位资金 F1 3000万 + F3 2000万 + F4 $100万 (710万) + F7 100万 = 5810万; F2 is verified
  only on 11-10, so it is 待核实 with F5 (500万): 1500万.
- 合同引资额 P1 2亿 + P2 5000万 + P3 1亿 + P5 $1000万 (7100万) = 4.21亿; 2025: P7 4000万 → +952.5%.
- 签约 4 (总投资 ≥1亿: 4; ≥5亿: P2, P3; ≥10亿: P3).
- 开工率 P1, P3 of 4 = 50%; 投产率 P3 of 4 = 25%; 资金到位率 5710万 ÷ 4.21亿 = 13.6%.
城关镇 (with its 招商组): F1 3000万 + 60% of F3 1200万 + F4 710万 + F7 100万 = 5010万.
"""

import re

from django.urls import reverse

from .conftest import params


def figure(html: str, key: str) -> str:
    match = re.search(rf'data-figure="{key}">([^<]*)<', html)
    assert match, f"no figure {key}"
    return match.group(1)


def test_anonymous_visitors_are_sent_to_the_login_page(client_for):
    response = client_for(None).get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_bureau_sees_the_county_headline_figures(dash, bureau_user, client_for, django_assert_max_num_queries):
    with django_assert_max_num_queries(110):
        response = client_for(bureau_user).get(reverse("dashboard"), params(f"jurisdiction:{dash.root.pk}"))
    html = response.content.decode()
    assert response.status_code == 200
    assert figure(html, "funds_arrived") == "5,810.00万元"
    assert figure(html, "contract_amount") == "4.21亿元"
    assert figure(html, "signed_count") == "4"
    assert figure(html, "start_rate") == "50.0%"
    assert figure(html, "production_rate") == "25.0%"
    assert figure(html, "arrival_rate") == "13.6%"
    assert figure(html, "trip_count") == "0"
    assert 'data-yoy="contract_amount">+952.5%<' in html
    assert "待核实（另列）：" in html and ">1,500.00万元<" in html
    # 签约率: of P1, P2, P3, P4, P5 (洽谈 in 1-10月), all but P4 signed by 10-31: 4 / 5.
    assert figure(html, "signing_rate") == "80.0%"


def test_every_headline_card_shows_its_mom_against_the_previous_span(dash, bureau_user, client_for):
    html = client_for(bureau_user).get(reverse("dashboard"), params(f"jurisdiction:{dash.root.pk}")).content.decode()
    # 环比 of 1-10月 2026 is the 304 days before it, 2025-03-03 to 2025-12-31: F6 800万
    # verified; (5810 − 800) / 800 = +626.25% → +626.3%.
    assert 'data-mom="funds_arrived">+626.3%<' in html
    assert "（上期 800.00万元）" in html
    # P7 4000万 was signed 2025-06-01: (42100 − 4000) / 4000 = +952.5%.
    assert 'data-mom="contract_amount">+952.5%<' in html
    assert "环比对照 2025-03-03至2025-12-31" in html


def test_the_signed_count_card_shows_the_size_bands(dash, bureau_user, client_for):
    html = client_for(bureau_user).get(reverse("dashboard"), params(f"jurisdiction:{dash.root.pk}")).content.decode()
    bands = re.findall(r'data-line="signed_count-\d">([^<]*)<', html)
    assert bands == ["4", "2", "1"]


def test_the_leader_sees_the_county_and_every_unit_of_the_ranking(dash, leader, client_for):
    html = client_for(leader).get(reverse("dashboard"), params(f"jurisdiction:{dash.root.pk}")).content.decode()
    assert figure(html, "funds_arrived") == "5,810.00万元"
    assert "城关镇" in html and "河口镇" in html
    assert "一赛区" in html


def test_a_township_reporter_sees_only_their_own_unit(dash, reporter, client_for):
    # No scope given: the reporter's own unit is the default.
    response = client_for(reporter).get(reverse("dashboard"), {"period": "ytd:2026-10", "as_of": "2026-10-31"})
    html = response.content.decode()
    assert response.status_code == 200
    assert figure(html, "funds_arrived") == "5,010.00万元"
    assert "河口" not in html
    assert "示范县" not in html
    # Their own ranking row: 城关镇 only.
    assert "本单位排名" in html
    assert re.findall(r'data-ranking-unit="(\d+)"', html) == [str(dash.township.pk)]


def test_a_reporter_cannot_open_another_units_dashboard(dash, reporter, client_for):
    response = client_for(reporter).get(reverse("dashboard"), params(f"unit:{dash.other_township.pk}"))
    assert response.status_code == 404


def test_the_unit_head_sees_the_completion_rate_against_time_progress(dash, unit_head, client_for):
    html = client_for(unit_head).get(reverse("dashboard"), params(f"unit:{dash.township.pk}")).content.decode()
    # Funds 2026 up to 10-31: 5010万 against the division default 6000万 = 83.5%;
    # time progress 304 of 365 days = 83.3%: not behind.
    assert figure(html, "completion_rate") == "83.5%"
    assert "序时进度：83.3%" in html
    # Measured against a target, not a past period: no 同比 or 环比.
    assert 'data-yoy="completion_rate"' not in html and 'data-mom="completion_rate"' not in html
    assert "低于序时进度" not in html


def test_the_behind_schedule_units_are_listed_for_the_bureau(dash, bureau_user, client_for):
    html = client_for(bureau_user).get(reverse("dashboard"), params(f"jurisdiction:{dash.root.pk}")).content.decode()
    # 河口镇: 40% of F3 = 800万 of 6000万 = 13.3% < 83.3%.
    behind = html[html.index('id="behind"') :]
    assert "河口镇" in behind and "13.3%" in behind
    assert "城关镇" not in behind


def test_a_malformed_period_falls_back_to_the_default(dash, bureau_user, client_for):
    response = client_for(bureau_user).get(reverse("dashboard"), {"period": "nonsense"})
    assert response.status_code == 200


def test_a_units_page_counts_each_credited_project_whole(dash, bureau_user, client_for):
    html = client_for(bureau_user).get(reverse("dashboard"), params(f"unit:{dash.township.pk}")).content.decode()
    # 城关镇 is credited with P1 (100%), P3 (60%) and P5 (100%): 3 projects, not 2.6.
    # Total investment: P1 2亿, P3 10亿, P5 $2000万 = 1.42亿 → bands 3, 1, 1 (not 2.6, 0.6, 0.6).
    assert figure(html, "signed_count") == "3"
    assert re.findall(r'data-line="signed_count-\d">([^<]*)<', html) == ["3", "1", "1"]
    assert 'data-note="signed_count">联合引进的项目在每个引进单位各计1个；金额按分成比例计入<' in html


def test_a_joint_project_counts_once_for_each_credited_unit_with_comparisons_in_whole_projects(dash, bureau_user, client_for):
    html = client_for(bureau_user).get(reverse("dashboard"), params(f"unit:{dash.other_township.pk}")).content.decode()
    # 河口镇: P2 (100%) and P3 (40%) = 2; 2025年1-10月 P7 = 1: (2 − 1) / 1 = +100.0%.
    assert figure(html, "signed_count") == "2"
    assert 'data-yoy="signed_count">+100.0%<' in html
    # The county page needs no note: its shares add up to whole projects.
    county = client_for(bureau_user).get(reverse("dashboard"), params(f"jurisdiction:{dash.root.pk}")).content.decode()
    assert 'data-note="signed_count"' not in county


def test_a_units_funnel_counts_its_projects_whole(dash, bureau_user, client_for):
    html = client_for(bureau_user).get(reverse("dashboard"), params(f"unit:{dash.township.pk}")).content.decode()
    stages = {
        stage: (value, drop)
        for stage, value, drop in re.findall(r'data-stage="(\w+)">[^<]*</a></td><td class="num">([^<]*)</td><td class="num">([^<]*)<', html)
    }
    # 洽谈 in 1-10月 within 城关镇 and its 招商组: P1, P3 (60%), P4, P5 = 4 (not 3.6), of
    # which P1, P3, P5 signed: drop-off 1 − 3/4 = 25.0%. 签约: P1, P3, P5 = 3 (not 2.6).
    assert stages["negotiating"] == ("4", "25.0%")
    assert stages["signed"][0] == "3"
