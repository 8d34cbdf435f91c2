"""Excel import of projects and fund entries: template, preview with row-level
Chinese errors, all-or-nothing confirm, and the import log."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from zhaoshang.projects import importing
from zhaoshang.projects.factories import FundEntryFactory, InvestorFactory, ProjectFactory, make_uscc
from zhaoshang.projects.models import DuplicateStatus, FundEntry, ImportLog, ImportStatus, Investor, Project


def xlsx(headers: dict[str, str], rows: list[dict[str, object]], name: str = "导入.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "数据"
    sheet.append(list(headers.values()))
    for row in rows:
        sheet.append([row.get(key) for key in headers])
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def project_row(**values) -> dict:
    return {
        "name": "新能电池生产基地",
        "investor_name": "深圳新能科技有限公司",
        "uscc": make_uscc(7),
        "investor_kind": "民营",
        "category": "工业",
        "currency": "人民币",
        "total_investment": 12000,
        "introducing_unit": "城关镇",
        "stage": "洽谈",
        "stage_date": "2024-05-01",
        **values,
    }


def upload(client, kind: str, file) -> ImportLog:
    """Upload, running the preview task at once (immediate backend, see conftest)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("projects:import_upload", args=[kind]), {"file": file})
    assert response.status_code == 302, response.content.decode()[:500]
    return ImportLog.objects.latest("id")


def confirm(client, log: ImportLog):
    """Confirm, running the write task at once."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("projects:import_confirm", args=[log.pk]), follow=True)


def test_template_has_chinese_headers_and_a_notes_sheet_with_allowed_values(reporter, client_for):
    response = client_for(reporter).get(reverse("projects:import_template", args=["projects"]))
    workbook = load_workbook(BytesIO(response.content))
    headers = next(workbook["数据"].iter_rows(values_only=True))
    assert headers[:3] == ("项目名称", "客商名称", "统一社会信用代码")
    notes = "\n".join(row[0] for row in workbook["填写说明"].iter_rows(values_only=True))
    assert "项目类别可选：工业、物流、农业" in notes
    assert "客商类型可选：民营、国有" in notes


def test_the_template_example_row_itself_validates(county, reporter):
    from zhaoshang.organisation.factories import PersonFactory, UnitFactory
    from zhaoshang.organisation.models import LeaderBody

    UnitFactory(parent=county.root, name="经济开发区")
    PersonFactory(name="张建国", post="副县长", unit=county.root, leader_body=LeaderBody.GOVERNMENT)
    headers = importing.PROJECT_HEADERS
    file = xlsx(headers, [dict(zip(headers, importing.PROJECT_EXAMPLE, strict=True))])
    parsed = importing.parse_projects(file, reporter)
    assert parsed.errors == []


def test_valid_project_file_is_previewed_then_creates_every_row(county, reporter, client_for):
    client = client_for(reporter)
    rows = [project_row(), project_row(name="城关冷链物流中心", investor_name="厦门冷链有限公司", uscc=make_uscc(8), category="物流")]
    log = upload(client, "projects", xlsx(importing.PROJECT_HEADERS, rows))
    assert (log.status, log.row_count) == (ImportStatus.PREVIEWED, 2)
    assert not Project.objects.exists()  # the preview writes nothing
    preview = client.get(reverse("projects:import_preview", args=[log.pk])).content.decode()
    assert "12,000.00 万元" in preview and "确认导入" in preview

    confirm(client, log)
    log.refresh_from_db()
    assert (log.status, log.created_count) == (ImportStatus.IMPORTED, 2)
    project = Project.objects.get(name="新能电池生产基地")
    assert (project.total_investment, project.stage, project.introducing_unit) == (120_000_000, "negotiating", county.township)
    assert project.investor.uscc == make_uscc(7)
    assert not log.file  # the kept file is gone once the import is done


def test_one_bad_row_writes_nothing_and_the_preview_names_row_and_column(county, reporter, client_for):
    client = client_for(reporter)
    rows = [project_row(), project_row(name="第二个项目", category="矿业")]
    log = upload(client, "projects", xlsx(importing.PROJECT_HEADERS, rows))
    assert log.status == ImportStatus.FAILED
    assert any(error.startswith("第3行「项目类别」：「矿业」不是有效选项") for error in log.errors)
    preview = client.get(reverse("projects:import_preview", args=[log.pk])).content.decode()
    assert "第3行「项目类别」" in preview and "确认导入" not in preview
    assert not Project.objects.exists()
    assert client.post(reverse("projects:import_confirm", args=[log.pk])).status_code == 302
    assert not Project.objects.exists()


def test_row_checks_in_chinese(county, reporter):
    rows = [
        project_row(uscc="91350100ABCDEFGH12"),
        project_row(name="负数项目", total_investment=-5, investor_name="", uscc=""),
        project_row(name="别人的项目", introducing_unit="河口镇", investor_name="", uscc=""),
        project_row(name="未来项目", stage_date="2999-01-01", investor_name="", uscc=""),
        project_row(name="签约项目", stage="签约", investor_name="", uscc=""),
    ]
    errors = [str(e) for e in importing.parse_projects(xlsx(importing.PROJECT_HEADERS, rows), reporter).errors]
    assert any(e.startswith("第2行「统一社会信用代码」：统一社会信用代码无效") for e in errors)
    assert "第3行「总投资（万元/万美元）」：金额不能为负数" in errors
    assert "第4行「引进单位」：找不到您可填报的单位「河口镇」" in errors
    assert "第5行「阶段日期」：日期不能晚于今天" in errors
    assert any(e.startswith("第6行「当前阶段」：「签约」不是有效选项") for e in errors)


def test_a_write_time_refusal_undoes_every_row(county, reporter, client_for):
    """The actions check more than the row forms (here the model's integer range):
    a refusal while writing row 3 undoes rows 2's project and investor too."""
    client = client_for(reporter)
    rows = [project_row(), project_row(name="天价项目", investor_name="", uscc="", total_investment=10**15)]
    log = upload(client, "projects", xlsx(importing.PROJECT_HEADERS, rows))
    assert log.status == ImportStatus.PREVIEWED
    confirm(client, log)
    log.refresh_from_db()
    assert log.status == ImportStatus.FAILED
    assert log.errors[0].startswith("第3行：")
    assert log.created_count == 0
    assert not Project.objects.exists() and not Investor.objects.exists()


def test_imported_project_like_another_units_is_held_as_a_duplicate(county, reporter, client_for):
    investor = InvestorFactory(name="深圳新能科技有限公司", uscc=make_uscc(7))
    ProjectFactory(name="新能电池生产基地", investor=investor, introducing_unit=county.other_township)
    client = client_for(reporter)
    log = upload(client, "projects", xlsx(importing.PROJECT_HEADERS, [project_row()]))
    assert "疑似与「新能电池生产基地」（河口镇）重复" in log.preview[0]["warning"]
    confirm(client, log)
    imported = Project.objects.get(introducing_unit=county.township)
    assert imported.duplicate_status == DuplicateStatus.SUSPECTED
    # Its credit, written in bulk, carries its unit's path and does not count (ProjectCredit).
    assert list(imported.credits.values_list("unit_path", "counted")) == [(county.township.path, False)]
    held = imported.history.filter(history_type="~").get()
    assert (held.history_change_reason, held.history_user) == ("疑似与「新能电池生产基地」（河口镇）重复，待招商局研判", reporter)


def test_fund_file_finds_projects_by_name_and_reports_them(project, reporter, client_for):
    client = client_for(reporter)
    rows = [
        {"project": project.name, "date": "2024-05-01", "currency": "人民币", "amount": 500, "kind": "项目投资"},
        {"project": project.name, "date": "2024-06-01", "currency": "美元", "amount": 10, "kind": "注册资本金"},
    ]
    log = upload(client, "funds", xlsx(importing.FUND_HEADERS, rows))
    confirm(client, log)
    entries = list(FundEntry.objects.order_by("date").values_list("amount", "currency", "status"))
    assert entries == [(5_000_000, "CNY", "reported"), (10_000_000, "USD", "reported")]


def test_fund_rows_are_checked(project, other_project, reporter):
    rows = [
        {"project": "不存在的项目", "date": "2024-05-01", "amount": 5, "kind": "项目投资"},
        {"project": other_project.name, "date": "2024-05-01", "amount": 5, "kind": "项目投资"},
        {"project": project.name, "date": "2999-05-01", "amount": 0, "kind": "捐赠"},
        {"project": project.name, "date": "昨天", "amount": "五百", "kind": "项目投资"},
    ]
    errors = [str(e) for e in importing.parse_funds(xlsx(importing.FUND_HEADERS, rows), reporter).errors]
    assert "第2行「项目名称」：找不到您可填报的项目「不存在的项目」" in errors
    assert "第3行「项目名称」：找不到您可填报的项目「河口物流园」" in errors
    assert "第4行「到位日期」：日期不能晚于今天" in errors
    assert "第4行「金额（万元/万美元）」：金额须大于0" in errors
    assert any(e.startswith("第4行「资金类型」：「捐赠」不是有效选项") for e in errors)
    assert "第5行「到位日期」：日期格式应为 2024-05-01" in errors
    assert "第5行「金额（万元/万美元）」：金额须为数字" in errors
    assert not FundEntry.objects.exists()


def test_a_malformed_file_gives_a_clear_chinese_error_and_is_logged(reporter, client_for):
    client = client_for(reporter)
    log = upload(client, "projects", SimpleUploadedFile("项目.xlsx", b"not a workbook"))
    assert log.status == ImportStatus.FAILED
    assert log.errors == ["无法读取该文件，请使用系统提供的模板（.xlsx 格式）"]
    assert not log.file
    page = client.get(reverse("projects:import_preview", args=[log.pk])).content.decode()
    assert "无法读取该文件" in page


def test_a_wrong_type_file_is_refused(reporter, client_for):
    log = upload(client_for(reporter), "funds", SimpleUploadedFile("资金.csv", b"a,b\n1,2\n"))
    assert log.errors == ["请上传 Excel 文件（.xlsx 格式）"]


def test_missing_headers_are_named(reporter, client_for):
    log = upload(client_for(reporter), "funds", xlsx({"x": "项目名称"}, [{"x": "某项目"}]))
    assert log.errors[0].startswith("缺少表头：到位日期")


def test_import_log_records_who_when_what_and_result(project, reporter, client_for):
    client = client_for(reporter)
    rows = [{"project": project.name, "date": "2024-05-01", "amount": 5, "kind": "项目投资"}]
    log = upload(client, "funds", xlsx(importing.FUND_HEADERS, rows, name="五月到位资金.xlsx"))
    confirm(client, log)
    log.refresh_from_db()
    assert (log.user, log.kind, log.file_name, log.row_count, log.status) == (reporter, "funds", "五月到位资金.xlsx", 1, "imported")
    assert log.created_at and log.finished_at
    page = client.get(reverse("projects:import_list")).content.decode()
    assert "五月到位资金.xlsx" in page and "已导入" in page


def test_a_confirmed_import_cannot_be_confirmed_again(project, reporter, client_for):
    client = client_for(reporter)
    rows = [{"project": project.name, "date": "2024-05-01", "amount": 5, "kind": "项目投资"}]
    log = upload(client, "funds", xlsx(importing.FUND_HEADERS, rows))
    confirm(client, log)
    response = confirm(client, log)
    assert any("不能再次确认" in str(m) for m in response.context["messages"])
    assert FundEntry.objects.count() == 1


def test_others_imports_are_not_listed(reporter, other_reporter, client_for):
    ImportLog.objects.create(kind="funds", user=other_reporter, file_name="别人的.xlsx", status="failed")
    assert "别人的.xlsx" not in client_for(reporter).get(reverse("projects:import_list")).content.decode()


def test_existing_fund_entries_are_left_alone_when_an_import_fails(project, reporter, client_for):
    FundEntryFactory(project=project)
    rows = [
        {"project": project.name, "date": "2024-05-01", "amount": 5, "kind": "项目投资"},
        {"project": "无", "date": "2024-05-01", "amount": 5, "kind": "项目投资"},
    ]
    upload(client_for(reporter), "funds", xlsx(importing.FUND_HEADERS, rows))
    assert FundEntry.objects.count() == 1
