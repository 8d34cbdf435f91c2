"""ElementStepFactory(project=p, code="land_supply") — one step without a template."""

from __future__ import annotations

import factory

from zhaoshang.projects.factories import ProjectFactory

from .models import ElementKind, ElementStep, ProjectType, StepTemplate


class ElementStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ElementStep
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    kind = ElementKind.LAND
    code = factory.Sequence(lambda n: f"step{n}")
    name = "供地（土地出让）"
    responsible_unit = factory.SelfAttribute("project.introducing_unit")
    limit_days = 20


class StepTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StepTemplate

    project_type = ProjectType.NEW_LAND
    kind = ElementKind.LAND
    code = factory.Sequence(lambda n: f"tpl{n}")
    name = "供地（土地出让）"
    limit_days = 20
