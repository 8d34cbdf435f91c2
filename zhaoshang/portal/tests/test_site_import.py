"""Excel import of sites: preview, then all or nothing, Chinese row errors."""

from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from zhaoshang.portal.importing import SITE_HEADERS
from zhaoshang.portal.models import Site


def xlsx(rows: list[dict]) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(SITE_HEADERS.values()))
    for row in rows:
        sheet.append([row.get(key) for key in SITE_HEADERS])
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("载体.xlsx", buffer.getvalue())


LAND = {"kind": "土地", "name": "城东地块", "place": "城关镇", "area": 20000, "price_min": 150000, "price_max": 180000, "longitude": 112.93, "latitude": 28.22}
FACTORY = {
    "kind": "标准厂房",
    "name": "3号厂房",
    "place": "河口镇",
    "area": 5000,
    "price_min": 12,
    "price_max": 15,
    "floor_height": 8.5,
    "power": 630,
    "longitude": "112.5",
    "latitude": "28.1",
    "is_available": "否",
    "is_published": "否",
}
URL = reverse("portal_admin:site_import")


def test_a_good_file_is_previewed_then_imported(county, bureau_user, client_for):
    client = client_for(bureau_user)
    response = client.post(URL, {"file": xlsx([LAND, FACTORY])})
    assert response.status_code == 200
    page = response.content.decode()
    assert "确认导入 2 个载体" in page and "城东地块" in page
    assert not Site.objects.exists()

    response = client.post(URL, {"confirm": "1"})
    assert response.status_code == 302
    land, factory = Site.objects.order_by("pk")
    assert (land.kind, land.place, land.area, land.price_max, land.is_available, land.is_published) == ("land", county.township, 20000, 180000, True, True)
    assert (land.jurisdiction, land.owner, land.power, land.address) == (county.root, bureau_user, 0, "")
    assert (factory.kind, factory.place, factory.floor_height, factory.power) == ("factory", county.other_township, Decimal("8.5"), 630)
    assert (factory.longitude, factory.is_available, factory.is_published) == (Decimal("112.5"), False, False)
    assert land.history.count() == 1
    # The session is spent: confirming again imports nothing more.
    assert client.post(URL, {"confirm": "1"}).status_code == 422
    assert Site.objects.count() == 2


def test_a_bad_row_refuses_the_whole_file_naming_row_and_column(county, bureau_user, client_for):
    rows = [
        LAND,
        dict(FACTORY, kind="仓库"),
        dict(FACTORY, name="乙", place="邻县开发区"),
        dict(FACTORY, name="丙", price_min=20, price_max=10),
        dict(FACTORY, name="丁", area=None),
    ]
    client = client_for(bureau_user)
    response = client.post(URL, {"file": xlsx(rows)})
    assert response.status_code == 422
    page = response.content.decode()
    assert "第3行「类型」：「仓库」不是有效选项" in page
    assert "第4行「所在园区/乡镇」：本辖区没有名为「邻县开发区」的园区或乡镇" in page
    assert "第5行「价格上限（元）」：价格上限不能小于下限" in page
    assert "第6行「面积（平方米）」" in page
    assert "确认导入" not in page
    assert client.post(URL, {"confirm": "1"}).status_code == 422
    assert not Site.objects.exists()


def test_a_row_the_database_refuses_on_confirm_undoes_every_row(county, bureau_user, client_for, monkeypatch):
    client = client_for(bureau_user)
    assert client.post(URL, {"file": xlsx([LAND, FACTORY])}).status_code == 200
    county.other_township.is_active = False
    county.other_township.save()
    response = client.post(URL, {"confirm": "1"})
    assert response.status_code == 422
    assert "第3行「所在园区/乡镇」" in response.content.decode()
    assert not Site.objects.exists()


def test_who_may_not_create_content_is_refused(county, reporter, client_for):
    client = client_for(reporter)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"file": xlsx([LAND])}).status_code == 403
    assert client.get(reverse("portal_admin:site_import_template")).status_code == 403
    assert not Site.objects.exists()


def test_the_template_and_the_button(county, bureau_user, client_for):
    client = client_for(bureau_user)
    response = client.get(reverse("portal_admin:site_import_template"))
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == list(SITE_HEADERS.values())
    assert URL in client.get(reverse("portal_admin:content_list", args=["sites"])).content.decode()
    assert URL not in client.get(reverse("portal_admin:content_list", args=["projects"])).content.decode()
