from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from plein.core import views as core_views

urlpatterns = [
    # The admin's own password form would leave other sessions and API
    # tokens alive: admins change their password where everyone does.
    path(
        "admin/password_change/",
        RedirectView.as_view(pattern_name="people:settings-password"),
    ),
    path("admin/", admin.site.urls),
    path("media/photos/<path:path>", core_views.photo, name="photo"),
    path("health/", core_views.health, name="health"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("api/", include("plein.api.urls")),
    path("", include("plein.people.urls")),
    path("", include("plein.groups.urls")),
    path("", include("plein.posts.urls")),
    path("", include("plein.notifications.urls")),
    path("", include("plein.search.urls")),
    path("", include("plein.announcements.urls")),
    path("", include("plein.alerts.urls")),
    path("", include("plein.mail.urls")),
    path("", include("plein.mail.urls_report")),
    path("", include("plein.feed.urls")),
    path("", include("plein.governance.guidelines.urls")),
    path("", include("plein.governance.dlp.urls")),
    path("", include("plein.governance.moderation.urls")),
    path("", include("plein.governance.compliance.urls")),
    path("", include("plein.governance.privacy.urls")),
    path("", include("plein.knowledge.wiki.urls")),
    path("", include("plein.knowledge.qna.urls")),
    path("", include("plein.knowledge.expertise.urls")),
    path("", include("plein.knowledge.trail.urls")),
    path("", include("plein.knowledge.recognition.urls")),
    path("", include("plein.channels.live.urls")),
    path("", include("plein.channels.push.urls")),
    path("", include("plein.channels.feeds.urls")),
    path("", include("plein.channels.webhooks.urls")),
    path("", include("plein.channels.screens.urls")),
    path("", include("plein.engagement.kudos.urls")),
    path("", include("plein.engagement.surveys.urls")),
    path("", include("plein.engagement.events.urls")),
    path("", include("plein.engagement.polls.urls")),
    path("", include("plein.engagement.scheduling.urls")),
    path("", include("plein.insights.urls")),
    path("", include("plein.careers.vacancies.urls")),
    path("", include("plein.careers.onboarding.urls")),
    path("", include("plein.careers.alumni.urls")),
    path("", include("plein.careers.referrals.urls")),
    path("", include("plein.listening.sources.urls")),
    path("", include("plein.listening.mentions.urls")),
    path("", include("plein.branding.wall.urls")),
]
