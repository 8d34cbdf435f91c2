"""Excel import of chain links and of target companies on the shared pipeline
(core/importing): all or nothing, errors naming the row and the column in Chinese.

环节: one row per segment (or product under a segment) of a chain, the chain made
when the county has none of that name (the bureau only, with its lead unit);
links already there are left as they are. 目标企业: the columns of the target
list's export, the link named by chain and link name."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.accounts import access as roles
from zhaoshang.core.excel import RowError
from zhaoshang.core.importing import pipeline
from zhaoshang.core.importing.fields import LabelChoiceField, RowForm
from zhaoshang.core.importing.pipeline import ImportResult, Row, RowRefused, Spec
from zhaoshang.organisation.models import Unit

from . import access, actions
from .models import Chain, ContactStage, Link, LinkTier, Stream, Tier

# ---------------------------------------------------------------- links

LINK_HEADERS = {"chain": "产业链", "lead_unit": "牵头单位", "stream": "上中下游", "segment": "环节", "product": "产品"}


class LinkRowForm(RowForm):
    chain = forms.CharField(max_length=60)
    lead_unit = forms.CharField(max_length=100, required=False)
    stream = LabelChoiceField(Stream)
    segment = forms.CharField(max_length=60)
    product = forms.CharField(max_length=60, required=False)


def _county(user: User) -> Unit | None:
    """The county the user's rows are about: the first one the user works for."""
    paths = roles.write_paths(user)
    return Unit.objects.filter(path__in={p[: Unit.steplen] for p in paths if p}).order_by("path").first() if paths else None


def _check_links(rows: list[Row], user: User) -> None:
    county = _county(user)
    chains = {c.name: c for c in Chain.objects.filter(county=county)} if county else {}
    units = {u.name: u for u in Unit.objects.active().filter(path__startswith=county.path)} if county else {}
    new_chains: set[str] = set()
    for row in rows:
        data = row.data
        chain = chains.get(data["chain"])
        if county is None:
            row.errors.append(RowError(row.number, LINK_HEADERS["chain"], "您没有可导入的县（市、区）"))
            continue
        if chain is None:
            if not access.can_create_chain(user, county):
                row.errors.append(RowError(row.number, LINK_HEADERS["chain"], f"本县没有名为「{data['chain']}」的产业链，新建产业链须由招商局导入"))
                continue
            unit = units.get(data["lead_unit"])
            if unit is None and data["chain"] not in new_chains:
                row.errors.append(RowError(row.number, LINK_HEADERS["lead_unit"], "新建产业链须填写本县的牵头单位"))
                continue
            new_chains.add(data["chain"])
            row.plan = (county, data["chain"], unit)
        elif not access.can_manage_chain(user, chain):
            row.errors.append(RowError(row.number, LINK_HEADERS["chain"], "无权修改该产业链（须为招商局或牵头单位）"))
            continue
        else:
            row.plan = (county, chain, None)


def _write_links(rows: list[Row], user: User) -> int:
    created = 0
    for row in rows:
        county, chain, unit = row.plan
        data = row.data
        try:
            if not isinstance(chain, Chain):
                chain = Chain.objects.filter(county=county, name=chain).first() or actions.do_create_chain(
                    {"name": chain, "lead_unit": unit}, user, county=county
                )
            level = chain.links.get(tier=LinkTier.LEVEL, stream=data["stream"])
            segment = chain.links.filter(parent=level, name=data["segment"]).first()
            if segment is None:
                segment = actions.do_add_link(level, {"name": data["segment"]}, user)
                created += 1
            if data["product"] and not chain.links.filter(parent=segment, name=data["product"]).exists():
                actions.do_add_link(segment, {"name": data["product"]}, user)
                created += 1
        except ValidationError as error:
            raise RowRefused(RowError(row.number, "", "；".join(error.messages))) from None
        except PermissionDenied:
            raise RowRefused(RowError(row.number, "", "无权导入该行")) from None
    return created


LINK_SPEC = Spec(
    kind="chain_links",
    headers=LINK_HEADERS,
    required=[LINK_HEADERS["chain"], LINK_HEADERS["stream"], LINK_HEADERS["segment"]],
    form=LinkRowForm,
    check=_check_links,
    write=_write_links,
    filename="产业链环节导入模板.xlsx",
    example=["新能源电池", "县经济和信息化局", "中游", "电芯制造", "磷酸铁锂电芯"],
    notes=["上中下游可选：上游、中游、下游", "产品可留空；已有的环节和产品不会重复创建", "本县尚无的产业链由招商局导入时新建，须填写牵头单位"],
)


# ---------------------------------------------------------------- targets

TARGET_HEADERS = {
    "chain": "产业链",
    "link": "环节",
    "name": "企业名称",
    "uscc": "统一社会信用代码",
    "tier": "企业层级",
    "source": "信息来源",
    "reason": "招引理由",
    "owner_unit": "责任单位",
    "contact_stage": "对接进度",
}
OPEN_STAGES = {c.label: c.value for c in ContactStage if c != ContactStage.CONVERTED}


class TargetRowForm(RowForm):
    chain = forms.CharField(max_length=60)
    link = forms.CharField(max_length=60)
    name = forms.CharField(max_length=200)
    uscc = forms.CharField(max_length=18, required=False)
    tier = LabelChoiceField(Tier)
    source = forms.CharField(max_length=100, required=False)
    reason = forms.CharField(required=False)
    owner_unit = forms.CharField(max_length=100)
    contact_stage = LabelChoiceField(ContactStage, labels=OPEN_STAGES, required=False)


def _check_targets(rows: list[Row], user: User) -> None:
    chains = {(c.name): c for c in Chain.objects.visible_to(user)}
    writable = list(access.owner_units_for(user))
    for row in rows:
        data = row.data
        chain = chains.get(data["chain"])
        if chain is None:
            row.errors.append(RowError(row.number, TARGET_HEADERS["chain"], f"没有名为「{data['chain']}」的产业链"))
            continue
        link = Link.objects.filter(chain=chain, name=data["link"]).exclude(tier__in=(LinkTier.ROOT, LinkTier.LEVEL)).first()
        if link is None:
            row.errors.append(RowError(row.number, TARGET_HEADERS["link"], f"「{chain.name}」没有名为「{data['link']}」的环节"))
            continue
        unit = next((u for u in writable if u.name == data["owner_unit"] and u.path.startswith(chain.county.path)), None)
        if unit is None:
            row.errors.append(RowError(row.number, TARGET_HEADERS["owner_unit"], "责任单位须为本单位或下级单位"))
            continue
        row.plan = {
            "link": link,
            "name": data["name"],
            "uscc": data["uscc"] or "",
            "tier": data["tier"],
            "source": data["source"] or "",
            "reason": data["reason"] or "",
            "owner_unit": unit,
            "contact_stage": data["contact_stage"] or ContactStage.NOT_CONTACTED,
        }


def _write_targets(rows: list[Row], user: User) -> int:
    return pipeline.write_each(((row.number, lambda row=row: actions.do_add_target(row.plan, user)) for row in rows), headers=TARGET_HEADERS)


TARGET_SPEC = Spec(
    kind="chain_targets",
    headers=TARGET_HEADERS,
    required=[TARGET_HEADERS[name] for name in ("chain", "link", "name", "tier", "owner_unit")],
    form=TargetRowForm,
    check=_check_targets,
    write=_write_targets,
    filename="目标企业导入模板.xlsx",
    example=["新能源电池", "电解液", "某某新材料股份有限公司", "", "上市", "行业协会名录", "补强电解液环节", "县经济和信息化局", "未接触"],
    notes=["企业层级可选：" + "、".join(Tier.labels), "对接进度可选：" + "、".join(OPEN_STAGES), "责任单位须为本单位或下级单位"],
)

SPECS = {"links": LINK_SPEC, "targets": TARGET_SPEC}


def import_rows(kind: str, upload, user: User) -> ImportResult:
    """Raises excel.ImportFileError for a file that cannot be read."""
    return pipeline.run(SPECS[kind], upload, user)
