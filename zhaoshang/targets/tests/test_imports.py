"""Excel import of targets: template headers, row-level Chinese errors, all or nothing."""

from io import BytesIO

from openpyxl import load_workbook

from zhaoshang.organisation.tests.conftest import xlsx_upload
from zhaoshang.targets import spreadsheets
from zhaoshang.targets.models import Target

HEADERS = spreadsheets.HEADERS


def _post(client, rows):
    return client.post("/targets/import/", {"file": xlsx_upload(HEADERS, rows)})


def test_the_template_has_the_headers(county, client_for, bureau_user):
    response = client_for(bureau_user).get("/targets/import/template/")
    sheet = load_workbook(BytesIO(response.content))["数据"]
    assert [c.value for c in sheet[1]] == HEADERS


def test_a_valid_file_creates_and_updates_targets(county, period, target, client_for, bureau_user):
    response = _post(
        client_for(bureau_user),
        [
            ["2026年度", "到位资金", "城关镇", 5000, None, None, None, None],
            ["2026年度", "实际利用外资", "河口镇", 80, None, None, None, "外资"],
            ["2026年度", "项目个数", "县经信局", 1, "工业", 50000, "开工", "5亿元以上工业项目开工"],
        ],
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.amount == 50_000_000  # updated, not duplicated
    assert Target.objects.get(kind="foreign_actual").amount == 80_000_000  # 80万美元 in cents
    count = Target.objects.get(kind="project_count")
    assert (count.amount, count.category, count.min_investment, count.stage_reached) == (1, "industry", 500_000_000, "started")


def test_any_bad_row_writes_nothing_and_names_row_and_column(county, period, client_for, bureau_user):
    response = _post(
        client_for(bureau_user),
        [
            ["2026年度", "到位资金", "城关镇", 5000, None, None, None, None],
            ["2026年度", "到位资金", "不存在镇", 5000, None, None, None, None],
            ["2026年度", "招商引资", "河口镇", "五千", None, None, None, None],
            ["2027年度", "到位资金", "河口镇", 1, None, None, None, None],
        ],
    )
    errors = [str(e) for e in response.context["errors"]]
    assert errors == [
        "第3行「单位名称」：「示范县」中找不到单位「不存在镇」",
        "第4行「任务类型」：任务类型无效，可选：到位资金、合同引资额、实际利用外资、外贸出口、项目个数",
        "第5行「考核期间」：找不到您可管理的考核期间「2027年度」",
    ]
    assert not Target.objects.exists()


def test_a_count_target_must_be_a_whole_number(county, period, client_for, bureau_user):
    response = _post(client_for(bureau_user), [["2026年度", "项目个数", "城关镇", 1.5, None, None, None, None]])
    assert [str(e) for e in response.context["errors"]] == ["第2行「任务数」：项目个数须为整数"]
