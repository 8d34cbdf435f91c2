"""The default link-state rules (docs/domain.md §12), written by the data migration
and by the test database's setup through the same function."""

from __future__ import annotations

DEFAULT_RULES = ((0, "missing"), (1, "weak"), (3, "strong"))


def seed_rules(model) -> None:
    """0 local above-size enterprises → 缺失, 1–2 → 薄弱, ≥3 → 较强 (kept if already there)."""
    if model.objects.exists():
        return
    for min_count, state in DEFAULT_RULES:
        model.objects.create(min_count=min_count, state=state)


STREAMS = (("up", "上游"), ("mid", "中游"), ("down", "下游"))


def _key(name: str) -> str:
    return "".join((name or "").split()).lower()


def root_links(apps) -> dict:
    """(county path, name key) → root link of every chain, for the data migrations."""
    Chain = apps.get_model("chains", "Chain")
    Link = apps.get_model("chains", "Link")
    return {(chain.county.path, _key(chain.name)): Link.objects.get(chain=chain, tier="root") for chain in Chain.objects.select_related("county")}


def root_for(apps, roots: dict, county, name: str):
    """The root link of `county`'s chain called `name` (spaces and case ignored). A
    name no chain has yet gets a chain (with its root and levels, led by the county),
    so the data migrations lose no old free text. None for a blank name."""
    name = (name or "").strip()
    if not name or county is None:
        return None
    key = (county.path, _key(name))
    if key not in roots:
        Chain = apps.get_model("chains", "Chain")
        Link = apps.get_model("chains", "Link")
        chain = Chain.objects.create(county=county, name=name[:60], lead_unit=county)
        root = Link.objects.create(chain=chain, tier="root", name=chain.name)
        for order, (stream, label) in enumerate(STREAMS, start=1):
            Link.objects.create(chain=chain, parent=root, tier="level", stream=stream, name=label, order=order)
        roots[key] = root
    return roots[key]


def attach_by_name(apps, rows) -> int:
    """The data migration's mapping of the old free-text 产业链 of projects: each
    (project id, introducing unit's path, text) is matched to a chain of the unit's
    county (root_for) and the project attached to the chain's root link. Returns the
    number attached."""
    Unit = apps.get_model("organisation", "Unit")
    Attachment = apps.get_model("chains", "Attachment")
    roots = root_links(apps)
    attached = 0
    for project_id, unit_path, text in rows:
        root = root_for(apps, roots, Unit.objects.filter(path=unit_path[:4]).first(), text)
        if root is None:
            continue
        Attachment.objects.get_or_create(link=root, project_id=project_id)
        attached += 1
    return attached
