"""The default step templates per project type (docs/domain.md §13), seeded by the data
migration; the bureau edits them afterwards. Power limits follow §13 (方案答复 ≤ 15
working days single source, 设计审核 ≤ 10, 中间检查/竣工检验/装表接电 ≤ 5).
(code, kind, name, limit in working days, blocks the start, codes it waits for)."""

from __future__ import annotations

POWER = [
    ("power_scheme", "power", "供电方案答复", 15, True, ""),
    ("power_design", "power", "设计审核", 10, False, "power_scheme"),
    ("power_check", "power", "中间检查", 5, False, "power_design"),
    ("power_acceptance", "power", "竣工检验", 5, False, "power_check"),
    ("power_connect", "power", "装表接电", 5, False, "power_acceptance"),
]
SUPPORT = [
    ("water", "water", "用水报装", 10, False, ""),
    ("gas", "gas", "用气报装", 10, False, ""),
    ("financing", "financing", "融资对接", 20, False, ""),
    ("labour", "labour", "用工招聘（需求→到岗）", 30, False, ""),
]

DEFAULT_TEMPLATES: dict[str, list[tuple[str, str, str, int, bool, str]]] = {
    "new_land": [
        ("filing", "filing", "立项备案/核准", 5, True, ""),
        ("land_preselect", "land", "用地预审与选址", 20, True, ""),
        ("land_approval", "land", "农转用/征收报批", 60, True, "land_preselect"),
        ("land_supply", "land", "供地（土地出让）", 20, True, "land_approval"),
        ("land_certificate", "land", "不动产权证", 5, True, "land_supply"),
        ("energy", "energy", "节能审查", 10, True, "filing"),
        ("environment", "environment", "环境影响评价", 20, True, "filing"),
        ("planning_permit", "planning", "建设工程规划许可", 10, True, "land_certificate"),
        ("construction_permit", "construction", "施工许可", 7, True, "planning_permit,environment"),
        *POWER,
        *SUPPORT,
    ],
    "existing_building": [
        ("filing", "filing", "立项备案/核准", 5, True, ""),
        ("land_certificate", "land", "不动产权属确认", 5, True, ""),
        ("energy", "energy", "节能审查", 10, True, "filing"),
        ("environment", "environment", "环境影响评价", 20, True, "filing"),
        ("planning_permit", "planning", "改造规划许可", 10, True, "land_certificate"),
        ("construction_permit", "construction", "施工许可", 7, True, "planning_permit,environment"),
        *POWER,
        *SUPPORT,
    ],
    "park_factory": [
        ("filing", "filing", "立项备案/核准", 5, True, ""),
        ("land_certificate", "land", "标准厂房租赁/购置合同", 10, True, ""),
        ("environment", "environment", "环境影响评价", 20, True, "filing"),
        ("planning_permit", "planning", "装修设计备案", 5, True, "land_certificate"),
        ("construction_permit", "construction", "施工许可", 7, True, "planning_permit,environment"),
        *POWER,
        ("labour", "labour", "用工招聘（需求→到岗）", 30, False, ""),
    ],
}


def seed_templates(template_model) -> None:
    for project_type, rows in DEFAULT_TEMPLATES.items():
        for position, (code, kind, name, limit, blocks, after) in enumerate(rows, start=1):
            template_model.objects.get_or_create(
                project_type=project_type,
                code=code,
                defaults={"kind": kind, "name": name, "limit_days": limit, "blocks_start": blocks, "after": after, "position": position},
            )
