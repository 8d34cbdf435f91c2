import factory

from .models import Division, Person, Unit, UnitKind


class UnitFactory(factory.django.DjangoModelFactory):
    """UnitFactory(parent=county) adds a child; without a parent, a new root."""

    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"单位{n}")
    kind = UnitKind.TOWNSHIP

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        if parent is None:
            return model_class.objects.add_root(create_kwargs=kwargs)
        parent.refresh_from_db()
        return model_class.objects.add_child(parent, create_kwargs=kwargs)


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division

    name = factory.Sequence(lambda n: f"赛区{n}")
    default_quota = 60_000_000
    jurisdiction = factory.SubFactory(UnitFactory, kind=UnitKind.COUNTY)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"干部{n}")
    post = "科员"
    unit = factory.SubFactory(UnitFactory)
