from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "zhaoshang.cases"
    verbose_name = "诉求与客商投诉"

    def ready(self) -> None:
        # Cases to accept, to handle, and return visits due, on 待办.
        from . import todo  # noqa: F401
