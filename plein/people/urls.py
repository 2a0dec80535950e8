from django.urls import path

from plein.people.views import accounts, directory, manage, preferences

app_name = "people"
urlpatterns = [
    # Accounts
    path("login/", accounts.LoginPageView.as_view(), name="login"),
    path("logout/", accounts.LogoutPageView.as_view(), name="logout"),
    path(
        "password-reset/",
        accounts.PasswordResetPageView.as_view(),
        name="password-reset",
    ),
    path(
        "password-reset/sent/",
        accounts.PasswordResetDonePageView.as_view(),
        name="password-reset-done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmPageView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        accounts.PasswordResetCompletePageView.as_view(),
        name="password-reset-complete",
    ),
    path(
        "invitations/<str:token>/", accounts.invitation_accept, name="invitation-accept"
    ),
    path("language/", accounts.language_set, name="language"),
    # People; the fixed paths come before the handles they would shadow.
    path("people/", directory.person_directory, name="directory"),
    path("people/org-chart/", directory.org_chart, name="org-chart"),
    path("people/manage/", manage.people_manage, name="manage"),
    path("people/manage/invite/", manage.person_invite, name="manage-invite"),
    path(
        "people/manage/<int:person_id>/deactivate/",
        manage.person_deactivate,
        name="manage-deactivate",
    ),
    path(
        "people/manage/<int:person_id>/reactivate/",
        manage.person_reactivate,
        name="manage-reactivate",
    ),
    path("people/<str:handle>/", directory.person_profile, name="profile"),
    path("people/<str:handle>/follow/", directory.person_follow, name="follow"),
    path("people/<str:handle>/unfollow/", directory.person_unfollow, name="unfollow"),
    # Settings
    path("settings/", preferences.settings_profile, name="settings"),
    path(
        "settings/notifications/",
        preferences.settings_notifications,
        name="settings-notifications",
    ),
    path("settings/password/", preferences.settings_password, name="settings-password"),
    path("settings/tokens/", preferences.settings_tokens, name="settings-tokens"),
    path(
        "settings/tokens/<int:token_id>/revoke/",
        preferences.settings_token_revoke,
        name="settings-token-revoke",
    ),
]
