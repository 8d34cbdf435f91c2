"""Two chains of the demo county (新能源电池, 绿色食品) with their leaders, lead units,
task forces and chain-master enterprises; links strong, weak and missing (one by a
reasoned override); local enterprises and the county's projects of the industry
attached; target companies in every contact stage, one converted to a lead. Built
before the portal's demo, whose inquiries are routed by chain to the lead unit."""

from __future__ import annotations

from typing import Any

from zhaoshang.core.demo import DemoWorld
from zhaoshang.organisation.demo import BUREAU_NAME, LEADERSHIP_NAME
from zhaoshang.projects.models import Investor, Project

from . import actions
from .models import ContactStage, Link, LinkState, LinkTier, Stream

CHAINS: dict[str, dict[str, Any]] = {
    "新能源电池": {
        "leader": "常务副县长",
        "lead_unit": "县经济和信息化局",
        "industry": "新能源",
        "description": "以锂电池为核心，向上游材料、下游储能与回收延伸。",
        "links": {
            Stream.UPSTREAM: {"正极材料": [], "负极材料": [], "电解液": []},
            Stream.MIDSTREAM: {"电芯制造": ["磷酸铁锂电芯"], "电池包（PACK）": []},
            Stream.DOWNSTREAM: {"储能系统": [], "电池回收": []},
        },
        # segment → local above-size enterprises to attach (3 → 较强, 1–2 → 薄弱)
        "enterprises": {"电芯制造": 3, "电池包（PACK）": 1, "储能系统": 2},
        "override": ("负极材料", LinkState.WEAK, "邻县负极材料企业已与本县电芯企业签订长期供货协议"),
        "targets": [
            ("正极材料", "湖南长远锂科股份有限公司", "listed", ContactStage.CONTACTED),
            ("负极材料", "贝特瑞新材料集团股份有限公司", "listed", ContactStage.VISITED),
            ("电解液", "广州天赐高新材料股份有限公司", "listed", ContactStage.NOT_CONTACTED),
            ("电解液", "新宙邦科技股份有限公司", "srdi", ContactStage.NEGOTIATING),
            ("电池回收", "格林美股份有限公司", "china500", ContactStage.DROPPED),
            ("电池回收", "邦普循环科技有限公司", "unicorn", "convert"),
        ],
    },
    "绿色食品": {
        "leader": "副县长",
        "lead_unit": "县农业农村局",
        "industry": "农产品加工",
        "description": "茶叶、生猪两条主线，补齐精深加工与冷链短板。",
        "links": {
            Stream.UPSTREAM: {"茶园种植": [], "生猪养殖": []},
            Stream.MIDSTREAM: {"茶叶精深加工": ["茶饮料"], "屠宰及肉制品": []},
            Stream.DOWNSTREAM: {"冷链物流": [], "电商销售": []},
        },
        "enterprises": {"茶园种植": 3, "生猪养殖": 3, "屠宰及肉制品": 1},
        "override": None,
        "targets": [
            ("茶叶精深加工", "农夫山泉股份有限公司", "china500", ContactStage.CONTACTED),
            ("冷链物流", "顺丰控股股份有限公司", "fortune500", ContactStage.NOT_CONTACTED),
            ("屠宰及肉制品", "双汇发展股份有限公司", "listed", ContactStage.VISITED),
        ],
    },
}


def build(world: DemoWorld) -> None:
    bureau = world.users["zsj"]
    county = world.county
    owners = [world.units["城关镇"], world.units["河口镇"], world.units["县经济和信息化局"]]
    local = list(Investor.objects.exclude(uscc="").order_by("pk"))
    used = 0
    for order, (name, spec) in enumerate(CHAINS.items(), start=1):
        lead_unit = world.units[spec["lead_unit"]]
        leader = world.persons.get(f"{LEADERSHIP_NAME}/{spec['leader']}")
        team = [p for key in (f"{spec['lead_unit']}/主要负责人", f"{BUREAU_NAME}/综合科科长") if (p := world.persons.get(key))]
        chain = actions.do_create_chain(
            {"name": name, "leader": leader, "lead_unit": lead_unit, "description": spec["description"], "sort_order": order},
            bureau,
            county=county,
            m2m={"deputies": team[:1], "task_force": team, "masters": local[used : used + 1]},
        )
        segments: dict[str, Link] = {}
        for stream, children in spec["links"].items():
            level = chain.links.get(tier=LinkTier.LEVEL, stream=stream)
            for segment_name, products in children.items():
                segment = actions.do_add_link(level, {"name": segment_name}, bureau)
                segments[segment_name] = segment
                for product in products:
                    actions.do_add_link(segment, {"name": product}, bureau)
        for segment_name, count in spec["enterprises"].items():
            for investor in local[used : used + count]:
                actions.do_attach(segments[segment_name], bureau, investor=investor, is_local_above_size=True)
            used += count
        projects = Project.objects.active().filter(industry=spec["industry"]).order_by("pk")[:6]
        for project in projects:
            actions.do_attach(chain.root, bureau, project=project)
        if spec["override"]:
            segment_name, state, reason = spec["override"]
            actions.do_override_state(segments[segment_name], state, reason, bureau)
        for i, (segment_name, company, tier, stage) in enumerate(spec["targets"]):
            data = {
                "link": segments[segment_name],
                "name": company,
                "tier": tier,
                "source": ("行业协会名录", "招商推介会", "链主企业推荐")[i % 3],
                "reason": f"补强{segment_name}环节，与本县{name}产业配套",
                "owner_unit": owners[i % len(owners)],
                "contact_stage": ContactStage.CONTACTED if stage == "convert" else stage,
            }
            target = actions.do_add_target(data, bureau)
            if stage == "convert":
                actions.do_convert_target(target, bureau)
