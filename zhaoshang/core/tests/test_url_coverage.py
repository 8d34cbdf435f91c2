import importlib
import pkgutil

from django.urls import URLPattern, URLResolver, get_resolver

import zhaoshang

# Pages anyone may open: the login flow itself.
PUBLIC = {"login", "logout"}


def _names(patterns, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def _declared_cases() -> set[str]:
    """CASES of every tests/test_permissions*.py module of every app."""
    covered: set[str] = set()
    for app in pkgutil.iter_modules(zhaoshang.__path__):
        try:
            tests = importlib.import_module(f"zhaoshang.{app.name}.tests")
        except ModuleNotFoundError:
            continue
        for module_info in pkgutil.iter_modules(tests.__path__):
            if module_info.name.startswith("test_permissions"):
                module = importlib.import_module(f"{tests.__name__}.{module_info.name}")
                covered |= {case.name for case in module.CASES}
    return covered


def test_every_url_has_a_permission_test():
    missing = _names(get_resolver().url_patterns) - _declared_cases() - PUBLIC
    assert not missing, f"URLs without a permission Case: {sorted(missing)}"
