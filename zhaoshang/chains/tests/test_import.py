"""Excel import of links and targets: all or nothing, Chinese row errors."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from zhaoshang.chains.importing import LINK_HEADERS, TARGET_HEADERS
from zhaoshang.chains.models import Chain, Link, TargetCompany


def xlsx(headers: dict[str, str], rows: list[dict]) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers.values()))
    for row in rows:
        sheet.append([row.get(key) for key in headers])
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("导入.xlsx", buffer.getvalue())


def test_the_bureau_imports_links_and_a_new_chain(chain, county, bureau_user, client_for):
    rows = [
        {"chain": "新能源电池", "stream": "上游", "segment": "正极材料", "product": "磷酸铁锂"},
        {"chain": "新能源电池", "stream": "上游", "segment": "正极材料", "product": "三元材料"},
        {"chain": "绿色食品", "lead_unit": "县经信局", "stream": "中游", "segment": "茶叶加工"},
    ]
    response = client_for(bureau_user).post(reverse("chains:link_import"), {"file": xlsx(LINK_HEADERS, rows)})
    assert response.status_code == 302
    cathode = Link.objects.get(chain=chain, name="正极材料")
    assert sorted(cathode.children.values_list("name", flat=True)) == ["三元材料", "磷酸铁锂"]
    food = Chain.objects.get(county=county.root, name="绿色食品")
    assert (food.lead_unit, food.links.filter(name="茶叶加工", stream="mid").count()) == (county.department, 1)


def test_a_bad_row_refuses_the_whole_file_with_chinese_errors(chain, cell, county, reporter, client_for):
    rows = [
        {"chain": "新能源电池", "link": "电芯制造", "name": "甲公司", "tier": "上市", "owner_unit": "城关镇"},
        {"chain": "新能源电池", "link": "不存在的环节", "name": "乙公司", "tier": "上市", "owner_unit": "城关镇"},
        {"chain": "新能源电池", "link": "电芯制造", "name": "丙公司", "tier": "五百强", "owner_unit": "城关镇"},
        {"chain": "新能源电池", "link": "电芯制造", "name": "丁公司", "tier": "上市", "owner_unit": "河口镇"},
    ]
    response = client_for(reporter).post(reverse("chains:target_import"), {"file": xlsx(TARGET_HEADERS, rows)})
    assert response.status_code == 422
    page = response.content.decode()
    assert "第3行「环节」：「新能源电池」没有名为「不存在的环节」的环节" in page
    assert "第4行「企业层级」" in page and "第5行「责任单位」：责任单位须为本单位或下级单位" in page
    assert not TargetCompany.objects.exists()

    good = [dict(rows[0], contact_stage="已接触")]
    response = client_for(reporter).post(reverse("chains:target_import"), {"file": xlsx(TARGET_HEADERS, good)})
    assert response.status_code == 302
    assert TargetCompany.objects.get().contact_stage == "contacted"


def test_a_unit_that_does_not_lead_the_chain_cannot_import_its_links(chain, reporter, client_for):
    rows = [{"chain": "新能源电池", "stream": "上游", "segment": "正极材料"}, {"chain": "新链", "stream": "上游", "segment": "甲"}]
    response = client_for(reporter).post(reverse("chains:link_import"), {"file": xlsx(LINK_HEADERS, rows)})
    page = response.content.decode()
    assert response.status_code == 422 and "无权修改该产业链" in page and "新建产业链须由招商局导入" in page
    assert not Link.objects.filter(name="正极材料").exists()


def test_the_templates_download(bureau_user, client_for):
    client = client_for(bureau_user)
    for kind in ("links", "targets"):
        response = client.get(reverse("chains:import_template", args=[kind]))
        assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
