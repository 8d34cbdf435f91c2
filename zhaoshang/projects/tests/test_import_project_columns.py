"""The project import's credit split (分成单位及比例), responsible leader (包联领导) and
planned dates per stage: parsed per row with Chinese errors naming row and column,
all or nothing, history kept, and the duplicate check across rows of one file."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhaoshang.organisation.factories import PersonFactory, UnitFactory
from zhaoshang.organisation.models import LeaderBody, UnitKind
from zhaoshang.projects import importing
from zhaoshang.projects.factories import make_uscc
from zhaoshang.projects.models import DuplicateStatus, ImportStatus, Investor, Project, ProjectCredit

from .test_imports import confirm, project_row, upload, xlsx

HEADERS = importing.PROJECT_HEADERS


@pytest.fixture
def leaders(county):
    government = LeaderBody.GOVERNMENT
    return {
        "张建国": PersonFactory(name="张建国", post="副县长", unit=county.root, leader_body=government),
        "王建国（县长）": PersonFactory(name="王建国", post="县长", unit=county.root, leader_body=government),
        "王建国（副县长）": PersonFactory(name="王建国", post="副县长", unit=county.root, leader_body=government),
    }


def errors_of(rows, user) -> list[str]:
    return [str(e) for e in importing.parse_projects(xlsx(HEADERS, rows), user).errors]


def test_the_template_has_the_new_columns_and_explains_them(reporter, client_for):
    from io import BytesIO

    response = client_for(reporter).get(reverse("projects:import_template", args=["projects"]))
    workbook = load_workbook(BytesIO(response.content))
    headers = next(workbook["数据"].iter_rows(values_only=True))
    assert headers[-7:] == ("分成单位及比例", "包联领导", "计划签约日期", "计划落地日期", "计划开工日期", "计划竣工日期", "计划投产日期")
    notes = "\n".join(row[0] for row in workbook["填写说明"].iter_rows(values_only=True))
    assert "城关镇:60;河口镇:40" in notes and "姓名（职务）" in notes


def test_a_good_file_creates_the_credits_leader_and_planned_dates_with_history(county, reporter, client_for, leaders):
    client = client_for(reporter)
    rows = [
        project_row(
            credits="城关镇:60;河口镇:40",
            responsible_leader="张建国",
            planned_signed_on="2025-03-31",
            planned_registered_on=date(2025, 6, 30),  # a date cell, as Excel stores it
            planned_started_on=datetime(2025, 9, 30),
            planned_completed_on="2026/06/30",
            planned_producing_on="2026年12月31日",
        ),
        project_row(name="城关冷链物流中心", investor_name="厦门冷链有限公司", uscc=make_uscc(8), responsible_leader="王建国（副县长）"),
    ]
    log = upload(client, "projects", xlsx(HEADERS, rows))
    assert log.status == ImportStatus.PREVIEWED, log.errors
    preview = client.get(reverse("projects:import_preview", args=[log.pk])).content.decode()
    assert "城关镇 60%；河口镇 40%" in preview and "城关镇 100%（默认）" in preview
    assert "王建国（副县长）" in preview

    confirm(client, log)
    log.refresh_from_db()
    assert (log.status, log.created_count) == (ImportStatus.IMPORTED, 2)
    joint = Project.objects.get(name="新能电池生产基地")
    assert dict(joint.credits.values_list("unit__name", "share_bp")) == {"城关镇": 6000, "河口镇": 4000}
    assert joint.responsible_leader == leaders["张建国"]
    assert (joint.planned_signed_on, joint.planned_registered_on, joint.planned_started_on) == (
        date(2025, 3, 31),
        date(2025, 6, 30),
        date(2025, 9, 30),
    )
    assert (joint.planned_completed_on, joint.planned_producing_on) == (date(2026, 6, 30), date(2026, 12, 31))
    single = Project.objects.get(name="城关冷链物流中心")
    assert list(single.credits.values_list("unit__name", "share_bp")) == [("城关镇", 10000)]
    assert single.responsible_leader == leaders["王建国（副县长）"]
    assert single.planned_started_on is None

    # History: the project as created, with its leader and dates, and each credit, by the importer.
    created = joint.history.earliest("history_date")
    assert (created.history_user, created.responsible_leader_id, created.planned_signed_on) == (reporter, leaders["张建国"].pk, date(2025, 3, 31))
    credit_history = ProjectCredit.history.filter(project_id=joint.pk)
    assert sorted(credit_history.values_list("unit__name", "share_bp", "history_user")) == [
        ("城关镇", 6000, reporter.pk),
        ("河口镇", 4000, reporter.pk),
    ]


def test_one_bad_split_writes_nothing(county, reporter, client_for, leaders):
    client = client_for(reporter)
    rows = [
        project_row(credits="城关镇:60;河口镇:40", responsible_leader="张建国"),
        project_row(name="城关冷链物流中心", investor_name="厦门冷链有限公司", uscc=make_uscc(8), credits="城关镇:60;河口镇:30"),
    ]
    log = upload(client, "projects", xlsx(HEADERS, rows))
    assert log.status == ImportStatus.FAILED
    assert log.errors == ["第3行「分成单位及比例」：各单位分成比例之和须为100%（当前为90%）"]
    assert client.post(reverse("projects:import_confirm", args=[log.pk])).status_code == 302
    assert not Project.objects.exists() and not ProjectCredit.objects.exists() and not Investor.objects.exists()


@pytest.mark.parametrize(
    ("split", "message"),
    [
        ("城关镇60", "分成格式应为「单位:比例;单位:比例」，如：城关镇:60;河口镇:40（「城关镇60」无法识别）"),
        (":100", "分成格式应为「单位:比例;单位:比例」"),
        ("城关镇:六十;河口镇:40", "「城关镇」的分成比例须为0.01到100之间的数字，最多两位小数"),
        ("城关镇:0;河口镇:100", "「城关镇」的分成比例须为0.01到100之间的数字"),
        ("城关镇:60.125;河口镇:39.875", "「城关镇」的分成比例须为0.01到100之间的数字，最多两位小数"),
        ("城关镇:-10;河口镇:110", "「城关镇」的分成比例须为0.01到100之间的数字"),
        ("城关镇:60;沙河镇:40", "找不到分成单位「沙河镇」"),
        ("城关镇:50;城关镇:50", "分成单位「城关镇」重复"),
        ("城关镇:60;河口镇:50", "各单位分成比例之和须为100%（当前为110%）"),
        ("河口镇:100", "分成单位须至少包含一个您可填报的单位"),
        ("城关镇:60;外县镇:40", "不能把分成记给本县以外的单位「外县镇」"),
        (";", "分成格式应为「单位:比例;单位:比例」"),
    ],
)
def test_a_bad_split_is_a_chinese_row_error(county, reporter, split, message):
    other_county = UnitFactory(name="外县", kind=UnitKind.COUNTY)
    UnitFactory(parent=other_county, name="外县镇", kind=UnitKind.TOWNSHIP)
    errors = errors_of([project_row(credits=split)], reporter)
    assert len(errors) == 1 and errors[0].startswith("第2行「分成单位及比例」：" + message), errors


@pytest.mark.parametrize("split", ["城关镇：60；河口镇：40％", "城关镇:60.5%; 河口镇 : 39.5;", "河口镇:40;城关镇:60"])
def test_splits_are_read_as_people_type_them(county, reporter, split):
    assert errors_of([project_row(credits=split)], reporter) == []


def test_the_bureau_may_split_between_any_units_of_the_county(county, bureau_user):
    rows = [project_row(credits="河口镇:70;县经信局:30")]
    assert errors_of(rows, bureau_user) == []


def test_leader_names_must_exist_and_be_unique(county, reporter, leaders):
    PersonFactory(name="李四", post="科员", unit=county.township)  # a cadre, not a 四大家 leader
    rows = [
        project_row(name="甲", investor_name="", uscc="", responsible_leader="赵无名"),
        project_row(name="乙", investor_name="", uscc="", responsible_leader="王建国"),
        project_row(name="丙", investor_name="", uscc="", responsible_leader="李四"),
        project_row(name="丁", investor_name="", uscc="", responsible_leader="王建国(县长)"),
        project_row(name="戊", investor_name="", uscc="", responsible_leader="王建国（县委书记）"),
    ]
    errors = errors_of(rows, reporter)
    assert "第2行「包联领导」：找不到在职的县领导「赵无名」（包联领导须是四大家领导）" in errors
    assert "第3行「包联领导」：有2位名为「王建国」的领导，请按「姓名（职务）」填写其中一位：王建国（县长）、王建国（副县长）" in errors
    assert "第4行「包联领导」：找不到在职的县领导「李四」（包联领导须是四大家领导）" in errors
    assert not any(e.startswith("第5行") for e in errors)  # 「姓名(职务)」 with half-width brackets
    assert "第6行「包联领导」：找不到在职的县领导「王建国（县委书记）」（包联领导须是四大家领导）" in errors


def test_a_bad_planned_date_names_its_column(county, reporter):
    errors = errors_of([project_row(planned_started_on="明年三月", planned_producing_on="2026-13-01")], reporter)
    assert "第2行「计划开工日期」：日期格式应为 2025-06-30" in errors
    assert "第2行「计划投产日期」：日期格式应为 2025-06-30" in errors


def test_rows_of_one_file_from_two_units_are_checked_against_each_other(county, bureau_user, client_for):
    client = client_for(bureau_user)
    rows = [
        project_row(name="新能电池生产基地", introducing_unit="城关镇"),
        project_row(name="新能电池生产基地二期", introducing_unit="河口镇", investor_name="深圳新能科技有限公司", uscc=""),
        project_row(name="河口物流园", introducing_unit="河口镇", investor_name="厦门冷链有限公司", uscc=make_uscc(8)),
    ]
    log = upload(client, "projects", xlsx(HEADERS, rows))
    warnings = [row["warning"] for row in log.preview]
    assert warnings == ["", "疑似与第2行「新能电池生产基地」（城关镇）重复，导入后交招商局研判", ""]
    confirm(client, log)
    held = Project.objects.get(name="新能电池生产基地二期")
    assert held.duplicate_status == DuplicateStatus.SUSPECTED
    assert held.duplicate_of == Project.objects.get(name="新能电池生产基地")
    assert Project.objects.get(name="河口物流园").duplicate_status == DuplicateStatus.NONE


def test_a_file_in_the_old_template_still_imports_with_the_default_credit(county, reporter, client_for):
    old_headers = {key: header for key, header in HEADERS.items() if key not in ("credits", "responsible_leader", *importing.PLANNED_DATES)}
    client = client_for(reporter)
    log = upload(client, "projects", xlsx(old_headers, [project_row()]))
    confirm(client, log)
    project = Project.objects.get()
    assert list(project.credits.values_list("unit__name", "share_bp")) == [("城关镇", 10000)]
    assert project.responsible_leader is None


def test_planned_dates_out_of_life_cycle_order_name_the_column(county, reporter):
    # 开工 planned before 签约; 投产 before 竣工 (and so before 开工 too).
    row = project_row(
        planned_signed_on="2026-05-01", planned_started_on="2026-03-01", planned_completed_on="2026-09-30", planned_producing_on="2026-08-31"
    )
    errors = errors_of([row], reporter)
    assert "第2行「计划开工日期」：计划开工日期不能早于计划签约日期（2026-05-01）" in errors
    assert "第2行「计划投产日期」：计划投产日期不能早于计划竣工日期（2026-09-30）" in errors
