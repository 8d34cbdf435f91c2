"""The circular screens: archive with filter, sort, pagination and export; the
generation form; the page whose progress partial htmx polls; downloads."""

import io
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from zhaoshang.organisation.factories import UnitFactory
from zhaoshang.organisation.models import UnitKind
from zhaoshang.reports.factories import CircularFactory
from zhaoshang.reports.forms import last_month
from zhaoshang.reports.models import Circular, CircularStatus


@pytest.fixture
def archive(county, bureau_user) -> list[Circular]:
    rows = [
        CircularFactory(jurisdiction=county.root, year=2025, month=12, status=CircularStatus.DONE, requested_by=bureau_user),
        CircularFactory(jurisdiction=county.root, year=2026, month=9, status=CircularStatus.DONE, requested_by=bureau_user),
        CircularFactory(jurisdiction=county.root, year=2026, month=10, status=CircularStatus.RUNNING, progress=45, requested_by=bureau_user),
    ]
    for row in rows:
        row.docx_file.save("a.docx", ContentFile(b"docx-bytes"), save=True)
    return rows


def test_the_archive_lists_newest_first_for_the_bureau(archive, bureau_user, client_for, django_assert_max_num_queries):
    client = client_for(bureau_user)
    # Session, user, roles, years, count, rows: never one per circular.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("reports:circular_list"))
    assert [c.pk for c in response.context["page"]] == [archive[2].pk, archive[1].pk, archive[0].pk]
    assert "关于2026年1-9月全县招商引资工作情况的通报" in response.content.decode()


def test_the_archive_filters_by_year_and_sorts_oldest_first(archive, bureau_user, client_for):
    response = client_for(bureau_user).get(reverse("reports:circular_list"), {"year": 2026, "sort": "period_asc"})
    assert [c.pk for c in response.context["page"]] == [archive[1].pk, archive[2].pk]


def test_units_see_only_issued_circulars(archive, reporter, client_for):
    response = client_for(reporter).get(reverse("reports:circular_list"))
    assert [c.pk for c in response.context["page"]] == [archive[1].pk, archive[0].pk]
    assert "生成通报" not in response.content.decode()


def test_the_archive_paginates(county, bureau_user, client_for, settings):
    settings.PAGE_SIZE = 2
    for month in (1, 2, 3):
        CircularFactory(jurisdiction=county.root, month=month, requested_by=bureau_user)
    response = client_for(bureau_user).get(reverse("reports:circular_list"), {"page": 2})
    assert len(response.context["page"]) == 1


def test_export_has_exactly_the_filtered_rows(archive, bureau_user, client_for):
    response = client_for(bureau_user).get(reverse("reports:circular_export"), {"year": 2026, "status": "done"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[3]) for r in rows] == [("2026年1-9月", "已完成")]


def test_the_form_defaults_to_last_month(county, bureau_user, client_for):
    response = client_for(bureau_user).get(reverse("reports:circular_create"))
    default = last_month()
    assert f'value="{default:%Y-%m}"' in response.content.decode()


def test_the_form_refuses_a_month_not_yet_over(county, bureau_user, client_for):
    today = date.today()
    response = client_for(bureau_user).post(reverse("reports:circular_create"), {"jurisdiction": county.root.pk, "month": f"{today:%Y-%m}"})
    assert response.status_code == 200
    assert "尚未结束，只能为已结束的月份生成通报" in response.content.decode()
    assert not Circular.objects.exists()


def test_generating_runs_the_task_and_shows_the_downloads(county, bureau_user, client_for, django_capture_on_commit_callbacks):
    client = client_for(bureau_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:circular_create"), {"jurisdiction": county.root.pk, "month": "2026-10"})
    made = Circular.objects.get()
    assert response.url == reverse("reports:circular_detail", args=[made.pk])
    page = client.get(response.url).content.decode()
    assert "下载通报（Word）" in page and 'hx-trigger="every 1s"' not in page


def test_a_running_circular_polls_its_progress_partial(archive, bureau_user, client_for):
    running = archive[2]
    url = reverse("reports:circular_detail", args=[running.pk])
    page = client_for(bureau_user).get(url).content.decode()
    assert 'hx-trigger="every 1s"' in page
    partial = client_for(bureau_user).get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="circular-progress"') and "45%" in partial and "<html" not in partial


def test_a_failed_circular_shows_its_error(county, bureau_user, client_for):
    failed = CircularFactory(jurisdiction=county.root, status=CircularStatus.FAILED, error="通报文件无法保存", requested_by=bureau_user)
    page = client_for(bureau_user).get(reverse("reports:circular_detail", args=[failed.pk])).content.decode()
    assert "通报文件无法保存" in page and 'hx-trigger="every 1s"' not in page


def test_download_gives_the_file_under_its_chinese_title(archive, reporter, client_for):
    response = client_for(reporter).get(reverse("reports:circular_download", args=[archive[1].pk, "docx"]))
    assert b"".join(response.streaming_content) == b"docx-bytes"
    assert "attachment" in response["Content-Disposition"]
    assert "%E5%85%B3%E4%BA%8E2026%E5%B9%B41-9%E6%9C%88" in response["Content-Disposition"]  # 关于2026年1-9月


def test_another_countys_circular_is_not_found(bureau_user, reporter, client_for, county):
    other = UnitFactory(name="邻县", kind=UnitKind.COUNTY)
    theirs = CircularFactory(jurisdiction=other, status=CircularStatus.DONE, requested_by=bureau_user)
    theirs.docx_file.save("a.docx", ContentFile(b"x"), save=True)
    for user in (bureau_user, reporter):
        client = client_for(user)
        assert client.get(reverse("reports:circular_download", args=[theirs.pk, "docx"])).status_code == 404
        assert client.get(reverse("reports:circular_detail", args=[theirs.pk])).status_code == 404


def test_an_unknown_file_kind_is_not_found(archive, bureau_user, client_for):
    assert client_for(bureau_user).get(reverse("reports:circular_download", args=[archive[1].pk, "pdf"])).status_code == 404


def test_regenerate_redirects_to_the_new_version(archive, bureau_user, client_for):
    response = client_for(bureau_user).post(reverse("reports:circular_regenerate", args=[archive[1].pk]))
    new = Circular.objects.get(year=2026, month=9, version=2)
    assert response.url == reverse("reports:circular_detail", args=[new.pk])
    assert Circular.objects.filter(year=2026, month=9).count() == 2
