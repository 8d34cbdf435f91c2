"""Demo data of the public portal: promoted projects, policies and sites of two
chains (新能源电池, 绿色食品), one of each kind stale or taken, and inquiries in
every state, so every public and bureau screen shows something."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from zhaoshang.core.demo import DemoWorld
from zhaoshang.organisation.demo import ZONE_NAME

from zhaoshang.chains.models import Chain

from . import actions
from .models import BenefitPolicy, CompanySize, Inquiry, PromotedProject, Site

WAN = 10_000


def _backdate(model, pk: int, days: int) -> None:
    model.objects.filter(pk=pk).update(updated_at=F("updated_at") - timedelta(days=days))


def build(world: DemoWorld) -> None:
    bureau = world.users["zsj"]
    zone, chengguan, hekou = world.units[ZONE_NAME], world.units["城关镇"], world.units["河口镇"]
    jingxin = world.units["县经济和信息化局"]
    # The chains of the demo county (chains.demo runs first).
    county_chains = {chain.name: chain for chain in Chain.objects.filter(county__path=zone.path[:4]).select_related("county")}

    def site(**data) -> Site:
        return actions.do_create_content(Site, {"owner": bureau, **data}, bureau)

    land = site(
        kind="land",
        name="开发区东区A-03地块",
        place=zone,
        address="开发区东区纬三路",
        area=66_700,
        use="工业用地",
        plot_ratio=Decimal("1.20"),
        supply="挂牌出让",
        price_min=180_000,
        price_max=220_000,
        power=4_000,
        longitude=Decimal("113.125000"),
        latitude=Decimal("29.352000"),
    )
    factory = site(
        kind="factory",
        name="开发区标准厂房3号楼",
        place=zone,
        area=12_000,
        floor_height=Decimal("9.0"),
        load=Decimal("3.0"),
        power=1_600,
        price_min=12,
        price_max=15,
        longitude=Decimal("113.131000"),
        latitude=Decimal("29.347000"),
    )
    site(
        kind="land",
        name="城关镇食品产业园B-07地块",
        place=chengguan,
        area=33_300,
        use="工业用地",
        plot_ratio=Decimal("1.00"),
        supply="挂牌出让",
        price_min=150_000,
        price_max=180_000,
        power=1_250,
        longitude=Decimal("113.098000"),
        latitude=Decimal("29.361000"),
    )
    site(
        kind="office",
        name="河口镇创业服务中心",
        place=hekou,
        area=2_400,
        floor_height=Decimal("3.6"),
        power=250,
        price_min=18,
        price_max=25,
        longitude=Decimal("113.160000"),
        latitude=Decimal("29.330000"),
    )
    taken = site(
        kind="factory",
        name="开发区标准厂房1号楼（已租出）",
        place=zone,
        area=8_000,
        power=800,
        price_min=12,
        price_max=14,
        longitude=Decimal("113.128000"),
        latitude=Decimal("29.349000"),
        is_available=False,
    )
    stale_site = site(
        kind="land",
        name="河口镇物流地块（待更新）",
        place=hekou,
        area=20_000,
        power=630,
        price_min=120_000,
        price_max=140_000,
        longitude=Decimal("113.170000"),
        latitude=Decimal("29.325000"),
    )
    _backdate(Site, stale_site.pk, 120)
    del taken

    def promoted(**data) -> PromotedProject:
        return actions.do_create_content(PromotedProject, {"owner": bureau, "contact": "县招商局 李科长 0000-6000001", **data}, bureau)

    promoted(
        name="锂电池正极材料项目",
        chain=county_chains["新能源电池"].root,
        industry="电池材料",
        investment_min=50_000 * WAN,
        investment_max=100_000 * WAN,
        cooperation="sole",
        place=zone,
        site=land,
        unit=zone,
        summary="依托开发区新能源电池产业链，引进正极材料生产线，年产能2万吨。",
    )
    promoted(
        name="储能电池PACK组装项目",
        chain=county_chains["新能源电池"].root,
        industry="储能设备",
        investment_min=20_000 * WAN,
        investment_max=50_000 * WAN,
        cooperation="lease",
        place=zone,
        site=factory,
        unit=jingxin,
        summary="租赁标准厂房建设储能电池PACK生产线。",
    )
    promoted(
        name="预制菜中央厨房项目",
        chain=county_chains["绿色食品"].root,
        industry="农副食品加工",
        investment_min=5_000 * WAN,
        investment_max=20_000 * WAN,
        cooperation="joint",
        place=chengguan,
        unit=chengguan,
        summary="利用本地优质农产品，建设预制菜加工与冷链配送中心。",
    )
    promoted(
        name="稻米精深加工项目",
        chain=county_chains["绿色食品"].root,
        industry="粮食加工",
        investment_min=800 * WAN,
        investment_max=3_000 * WAN,
        cooperation="cooperation",
        place=hekou,
        unit=hekou,
        summary="与本地合作社合作建设稻米精深加工线。",
    )
    stale = promoted(
        name="电池回收综合利用项目（待更新）",
        chain=county_chains["新能源电池"].root,
        industry="资源回收",
        investment_min=10_000 * WAN,
        investment_max=30_000 * WAN,
        cooperation="sole",
        place=zone,
        unit=zone,
        summary="退役动力电池回收利用。",
    )
    _backdate(PromotedProject, stale.pk, 95)

    def policy(**data) -> BenefitPolicy:
        return actions.do_create_content(BenefitPolicy, {"owner": bureau, "issuer": "清河县人民政府", **data}, bureau)

    policy(
        title="清河县促进工业项目落地若干措施",
        number="清政发〔2026〕3号",
        valid_from=date(2026, 1, 1),
        valid_until=date(2028, 12, 31),
        summary="按设备投资额给予5%补助，单个项目最高500万元。",
        industries="",
        min_investment=5_000 * WAN,
        guide="项目投产后6个月内向县经信局提交申请表、设备发票和验收报告。",
    )
    policy(
        title="新能源电池产业专项扶持办法",
        number="清政办发〔2026〕8号",
        valid_from=date(2026, 3, 1),
        summary="电池材料、储能设备企业前三年缴纳税收县级留成部分全额奖励。",
        industries="电池材料、储能设备、资源回收",
        place=zone,
        guide="企业注册落户开发区后，每年3月向开发区管委会申报。",
    )
    policy(
        title="小微企业创业扶持政策",
        number="清政办发〔2026〕12号",
        valid_from=date(2026, 1, 1),
        summary="入驻创业服务中心的小微企业前两年免租金。",
        sizes=[CompanySize.MICRO],
        max_years=3,
        guide="向河口镇创业服务中心提交营业执照和入驻申请。",
    )
    policy(
        title="2024年招商引资奖励办法（已废止）",
        number="清政发〔2024〕1号",
        valid_from=date(2024, 1, 1),
        valid_until=date(2025, 12, 31),
        summary="已被2026年新政策取代。",
        guide="不再受理。",
    )

    now = timezone.now()
    base = {"intent": "有意在清河县投资建厂，希望了解用地和政策", "contact_name": "周先生", "phone": "13800001111", "consent": True}

    def inquiry(days_ago: int, **data) -> Inquiry:
        return actions.do_submit_inquiry({**base, **data}, now=now - timedelta(days=days_ago))

    inquiry(
        0,
        company="华东储能科技有限公司",
        industry="储能设备",
        chain=county_chains["新能源电池"],
        band="large",
        source="长三角推介会二维码",
        space="标准厂房1万平方米",
        time_frame="半年内",
    )
    inquiry(1, company="湘味预制菜食品有限公司", industry="农副食品加工", band="medium", place=chengguan, source="公众号")
    accepted = inquiry(20, company="绿源稻米合作联社", industry="粮食加工", band="small", place=hekou, source="公众号")
    actions.do_accept_inquiry(accepted, {"name": "绿源稻米精深加工项目", "category": "agriculture"}, world.users["hekou"])
    invalid = inquiry(30, company="测试公司", industry="其他", band="small", place=chengguan)
    actions.do_reject_inquiry(invalid, "联系电话为空号，无法联系", world.users["chengguan"])
