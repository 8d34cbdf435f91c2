"""The portal's to-do (registered from PortalConfig.ready): inquiries waiting for
first contact in the user's units, and portal content the user owns that has gone
stale (hidden from the public until confirmed or edited)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from zhaoshang.accounts import access
from zhaoshang.accounts.models import Role
from zhaoshang.organisation.models import UnitKind
from zhaoshang.todo.registry import Item, Source, register

from .models import FRESH_DAYS, BenefitPolicy, Inquiry, PromotedProject, Site


def _handles_inquiries(user) -> bool:
    return access.is_admin(user) or bool(access.roles(user) & {Role.REPORTER, Role.UNIT_HEAD, Role.BUREAU})


def _to_contact(user):
    """Waiting inquiries of the user's units. The bureau covers the whole county
    but its to-do holds only what was routed to the bureau itself: the units
    answer for theirs (the bureau follows them on the inquiry list)."""
    waiting = Inquiry.objects.handled_by_units_of(user).waiting().select_related("unit")
    if access.is_bureau(user) or access.is_admin(user):
        waiting = waiting.filter(unit__kind=UnitKind.BUREAU)
    return waiting.order_by("created_at", "id")


def _inquiry_item(inquiry: Inquiry) -> Item:
    return Item(
        f"{inquiry.company}：{inquiry.intent[:40]}",
        f"{inquiry.get_band_display()}；{inquiry.get_match_level_display()}；"
        f"提交于{timezone.localtime(inquiry.created_at):%Y-%m-%d %H:%M}，须在1个工作日内首次联系",
        reverse("portal_admin:inquiry_detail", args=[inquiry.pk]),
        inquiry,
    )


STALE_MODELS = (("projects", PromotedProject), ("policies", BenefitPolicy), ("sites", Site))


def _stale_item(content) -> Item:
    kind = next(kind for kind, model in STALE_MODELS if isinstance(content, model))
    return Item(
        f"{content._meta.verbose_name}「{content}」超过{FRESH_DAYS}天未更新",
        f"已对公众隐藏；最后更新 {timezone.localtime(content.updated_at):%Y-%m-%d}，请更新或确认仍有效",
        reverse("portal_admin:content_detail", args=[kind, content.pk]),
        content,
    )


def register_sources() -> None:
    register(
        Source(
            key="portal_inquiries",
            label="待联系的线上投资意向",
            applies=_handles_inquiries,
            records=lambda user, today: _to_contact(user),
            item=_inquiry_item,
            more=lambda user: reverse("portal_admin:inquiry_list") + "?status=new",
        )
    )
    for kind, model in STALE_MODELS:
        register(
            Source(
                key=f"portal_stale_{kind}",
                label=f"待更新的{model._meta.verbose_name}（已对公众隐藏）",
                applies=lambda user: access.is_bureau(user) or access.is_admin(user),
                records=lambda user, today, model=model: model.objects.stale(today).filter(owner=user).order_by("updated_at", "id"),
                item=_stale_item,
                more=lambda user, kind=kind: reverse("portal_admin:content_list", args=[kind]) + "?state=stale&mine=1",
            )
        )
