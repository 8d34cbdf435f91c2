"""The demo county has projects with element steps, some blocked on land and on
power, and 经信局's login (jingxin) finds power steps in its 待办."""

from django.test import override_settings
from django.utils import timezone

from zhaoshang import demo
from zhaoshang.elements.models import ElementProblem, ElementStep, LandThreshold, StepTemplate
from zhaoshang.todo import registry


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_the_demo_county_has_blocked_projects_and_owed_steps(db):
    world = demo.build()
    assert StepTemplate.objects.filter(responsible_unit__name="县自然资源局", code="land_supply").exists()
    assert ElementStep.objects.exists()
    # The development zone's own 亩均效益标准 (the thresholds screen has a row to open).
    assert LandThreshold.objects.filter(park__name="清河经济开发区", investment_per_mu=4_000_000).exists()
    blocked = set(ElementProblem.objects.open().values_list("step__kind", flat=True))
    assert {"land", "power"} <= blocked
    jingxin = world.users["jingxin"]
    [source] = [s for s in registry.sources_for(jingxin) if s.key == "element_steps"]
    assert source.records(jingxin, timezone.localdate()).filter(kind="power").exists()
