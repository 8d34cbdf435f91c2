from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zhaoshang.accounts"
    verbose_name = "账号与权限"

    def ready(self) -> None:
        from django.contrib.auth.models import User, update_last_login
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save, pre_save

        from zhaoshang.organisation.models import Person, Unit

        from .models import RoleAssignment
        from .signals import record_last_login, refuse_demo_password, revoke_tokens_on_password_change, scope_changed

        # Django saves the whole user on every login; with the user audited that
        # would add an empty "修改" entry to the history each time. Write the stamp
        # with a plain UPDATE instead.
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(record_last_login, dispatch_uid="update_last_login")
        pre_save.connect(refuse_demo_password, sender=User, dispatch_uid="refuse_demo_password")
        post_save.connect(revoke_tokens_on_password_change, sender=User, dispatch_uid="revoke_tokens_on_password_change")
        # What a login's scope is read from (access.kept_for keeps it across requests).
        for model in (RoleAssignment, Unit, Person):
            for signal in (post_save, post_delete):
                signal.connect(scope_changed, sender=model, dispatch_uid=f"scope_changed_{model.__name__}")
