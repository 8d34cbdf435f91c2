from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("me/", views.profile, name="profile"),
    path("me/otp/", views.otp_enrol, name="otp_enrol"),
    path("me/otp/verify/", views.otp_verify, name="otp_verify"),
    path("me/otp/recovery-codes/", views.otp_recovery_codes, name="otp_recovery_codes"),
    path("me/otp/remove/", views.otp_remove, name="otp_remove"),
    path("me/tokens/", views.token_create, name="token_create"),
    path("me/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("users/", views.user_list, name="user_list"),
    path("users/export/", views.user_export, name="user_export"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/active/", views.user_set_active, name="user_set_active"),
    path("users/<int:pk>/password/", views.user_password, name="user_password"),
    path("users/<int:pk>/unlock/", views.user_unlock, name="user_unlock"),
    path("users/<int:pk>/otp/reset/", views.user_reset_otp, name="user_reset_otp"),
    path("logins/", views.login_log, name="login_log"),
    path("logins/export/", views.login_log_export, name="login_log_export"),
    path("users/<int:pk>/roles/", views.role_assign, name="role_assign"),
    path("users/<int:pk>/roles/<int:assignment_pk>/remove/", views.role_remove, name="role_remove"),
]
