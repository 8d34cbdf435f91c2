from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhaoshang.organisation.models import Person, Unit
from zhaoshang.organisation.spreadsheets import PERSON_HEADERS, UNIT_HEADERS

from .conftest import xlsx_rows, xlsx_upload

UNIT_COLUMNS = list(UNIT_HEADERS.values())
PERSON_COLUMNS = list(PERSON_HEADERS.values())


def _post(client, name, upload):
    return client.post(reverse(f"organisation:{name}"), {"file": upload})


def test_template_has_the_import_headers(county, client_for, bureau_user):
    rows = xlsx_rows(client_for(bureau_user).get(reverse("organisation:unit_import_template")))

    assert rows[0] == UNIT_COLUMNS


def test_valid_unit_file_creates_every_row_including_children_of_earlier_rows(county, client_for, bureau_user):
    upload = xlsx_upload(
        UNIT_COLUMNS,
        [
            ["工业园区", "园区", "开发区/园区", "示范县", None, None, 1, "是"],
            ["园区招商科", None, "科室/小组", "工业园区", None, None, None, None],
            ["上海驻点组", None, "驻点招商组", "县招商局", None, "上海", 2, "否"],
            ["新区镇", None, "乡镇/街道", "示范县", "一赛区", None, None, "是"],
        ],
    )

    response = _post(client_for(bureau_user), "unit_import", upload)

    assert response.status_code == 302
    park = Unit.objects.get(name="工业园区")
    assert Unit.objects.get_parent(Unit.objects.get(name="园区招商科")) == park
    team = Unit.objects.get(name="上海驻点组")
    assert (team.city, team.is_active) == ("上海", False)
    assert Unit.objects.get(name="新区镇").division.name == "一赛区"
    assert park.history.get().history_user == bureau_user


def test_one_bad_unit_row_writes_nothing_and_names_row_and_column(county, client_for, bureau_user):
    before = Unit.objects.count()
    upload = xlsx_upload(
        UNIT_COLUMNS,
        [
            ["工业园区", None, "开发区/园区", "示范县", None, None, None, None],
            ["乱码单位", None, "外星机构", "示范县", None, None, None, None],
            ["某村", None, "科室/小组", "不存在的镇", None, None, None, None],
            ["工业园区", None, "开发区/园区", "示范县", None, None, None, None],
        ],
    )

    response = _post(client_for(bureau_user), "unit_import", upload)

    page = response.content.decode()
    assert response.status_code == 200
    assert Unit.objects.count() == before
    assert "第3行「单位类型」：「外星机构」不是有效选项" in page
    assert "第4行「上级单位」：找不到您可管理的单位「不存在的镇」" in page
    assert "第5行「单位名称」：与第2行重复" in page


def test_parent_outside_the_users_jurisdiction_is_not_found(county, client_for, bureau_user):
    from zhaoshang.organisation.factories import UnitFactory
    from zhaoshang.organisation.models import UnitKind

    UnitFactory(name="邻县", kind=UnitKind.COUNTY)
    upload = xlsx_upload(UNIT_COLUMNS, [["邻县某镇", None, "乡镇/街道", "邻县", None, None, None, None]])

    page = _post(client_for(bureau_user), "unit_import", upload).content.decode()

    assert "第2行「上级单位」：找不到您可管理的单位「邻县」" in page


def test_a_non_excel_file_gets_a_clear_error(county, client_for, bureau_user):
    upload = SimpleUploadedFile("units.csv", "单位名称,单位类型\n".encode())

    response = _post(client_for(bureau_user), "unit_import", upload)

    assert "请上传 Excel 文件（.xlsx 格式）" in response.content.decode()


def test_a_broken_xlsx_file_gets_a_clear_error(county, client_for, bureau_user):
    upload = SimpleUploadedFile("units.xlsx", b"not a zip")

    response = _post(client_for(bureau_user), "unit_import", upload)

    assert "无法读取该文件" in response.content.decode()


def test_valid_person_file_creates_every_row(county, client_for, reporter):
    upload = xlsx_upload(
        PERSON_COLUMNS,
        [
            ["张三", "镇长", "城关镇", None, "是", 13800001234, 1, None],
            ["李四", "副镇长", "城关镇", None, None, "13900001234", None, "是"],
        ],
    )

    response = _post(client_for(reporter), "person_import", upload)

    assert response.status_code == 302
    zhang = Person.objects.get(name="张三")
    assert (zhang.is_principal, zhang.phone, zhang.unit) == (True, "13800001234", county.township)
    assert Person.objects.filter(name="李四", is_principal=False).exists()


def test_person_rows_outside_the_reporters_units_write_nothing(county, client_for, reporter):
    upload = xlsx_upload(
        PERSON_COLUMNS,
        [
            ["张三", "镇长", "城关镇", None, None, None, None, None],
            ["王五", "镇长", "河口镇", None, None, None, None, None],
            ["张三", "镇长", "城关镇", "县长", "也许", None, None, None],
        ],
    )

    page = _post(client_for(reporter), "person_import", upload).content.decode()

    assert not Person.objects.exists()
    assert "第3行「所在单位」：找不到您有权维护的单位「河口镇」" in page
    assert "第4行「四大家领导」" in page
    assert "第4行「主要负责人」" in page


def test_duplicate_person_in_the_file_is_reported(county, client_for, reporter):
    upload = xlsx_upload(
        PERSON_COLUMNS,
        [["张三", None, "城关镇", None, None, None, None, None], ["张三", None, "城关镇", None, None, None, None, None]],
    )

    page = _post(client_for(reporter), "person_import", upload).content.decode()

    assert "第3行「姓名」：与第2行重复（同一单位同名）" in page
    assert not Person.objects.exists()
