"""Reading vacancies: the list with its filters, the page, cards, the public
page's JobPosting data, share texts and HR's figures.

Every read is scoped through ``plein.access.vacancies``: vacancies through
``visible_vacancies`` (the post rule), applications through
``visible_applications``. The public page reads only what
``public_vacancy_filter`` lets out.
"""

import json
import statistics
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from urllib.parse import quote, urlencode

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.people import is_active_person
from plein.access.vacancies import (
    can_apply_to_vacancy,
    can_manage_vacancy,
    can_view_application_details,
    is_hr,
    managed_vacancy_filter,
    public_vacancy_filter,
    visible_applications,
    visible_vacancies,
)
from plein.careers.vacancies.models import (
    Application,
    ShareLink,
    Stage,
    Vacancy,
    VacancyFollow,
    taking_applications_filter,
)
from plein.core.errors import InvalidInput
from plein.core.public import organisation_name, public_html
from plein.mail.outbound import build_absolute_url
from plein.people.models import Department
from plein.posts.models import Post

PAGE_SIZE = 50
# The search app answers at most this many documents a round; the list
# reads a few rounds to find the vacancies among them.
SEARCH_ROUNDS = 4
SEARCH_LIMIT = 100
# Hours a week from which a vacancy counts as full-time.
FULL_TIME_HOURS = 32
# No figure about fewer vacancies than this (they would point at people).
MIN_GROUP = 5
INSIGHT_DAYS = 365


@dataclass
class Filters:
    department_id: int | None = None
    location: str = ""
    hours: str = ""  # "", "full", "part"
    scope: str = ""  # "", "internal", "external"
    status: str = "open"  # "open", "ended", "all"
    q: str = ""


def parse_filters(data: Any) -> Filters:
    """Filters from a query string or API parameters; InvalidInput names the field."""
    filters = Filters()
    raw_department = data.get("department") or data.get("department_id") or ""
    if str(raw_department).strip():
        try:
            filters.department_id = int(raw_department)
        except (TypeError, ValueError):
            raise InvalidInput(_("Choose a department."), field="department") from None
    filters.location = " ".join(str(data.get("location") or "").split())[:200]
    filters.hours = str(data.get("hours") or "")
    if filters.hours not in ("", "full", "part"):
        raise InvalidInput(_("Choose full-time or part-time."), field="hours")
    filters.scope = str(data.get("scope") or "")
    if filters.scope not in ("", "internal", "external"):
        raise InvalidInput(_("Choose internal or external."), field="scope")
    filters.status = str(data.get("status") or "open")
    if filters.status not in ("open", "ended", "all"):
        raise InvalidInput(_("Choose open, ended or all."), field="status")
    filters.q = str(data.get("q") or "").strip()[:500]
    return filters


def _search_post_ids(user: Any, q: str) -> set[int]:
    """Posts matching ``q`` through the search app (stemming, NL and EN)."""
    from plein.search.queries import search_content

    found: set[int] = set()
    before = None
    for _round in range(SEARCH_ROUNDS):
        results = search_content(
            user, q, order="newest", before=before, limit=SEARCH_LIMIT
        )
        found.update(hit.post_id for hit in results.hits if hit.comment_id is None)
        if results.next_cursor is None:
            break
        before = results.next_cursor
    return found


def list_vacancies(user: Any, filters: Filters) -> QuerySet[Vacancy]:
    """The vacancies the user may see that pass the filters, newest first.

    A search (``q``) goes through the search app, so it finds what the
    search page finds; raises InvalidInput (field ``q``) like it.
    """
    qs = visible_vacancies(user).select_related(
        "post", "post__author", "post__group", "department"
    )
    if filters.department_id is not None:
        qs = qs.filter(department_id=filters.department_id)
    if filters.location:
        qs = qs.filter(location__icontains=filters.location)
    if filters.hours == "full":
        qs = qs.filter(hours_max__gte=FULL_TIME_HOURS)
    elif filters.hours == "part":
        qs = qs.filter(hours_min__lt=FULL_TIME_HOURS)
    if filters.scope == "external":
        qs = qs.filter(is_external=True)
    elif filters.scope == "internal":
        qs = qs.filter(is_external=False)
    # "Open" is what still takes applications: a closing date that passed
    # counts as ended, even before HR closes the vacancy with its outcome.
    if filters.status == "open":
        qs = qs.filter(taking_applications_filter())
    elif filters.status == "ended":
        qs = qs.exclude(taking_applications_filter())
    if filters.q:
        qs = qs.filter(post_id__in=sorted(_search_post_ids(user, filters.q)))
    return qs.order_by("-created_at", "-pk")


def list_departments() -> list[Department]:
    return list(Department.objects.order_by("name"))


def followed_department_ids(user: Any) -> set[int]:
    if not is_active_person(user):
        return set()
    return set(
        VacancyFollow.objects.filter(person_id=user.pk).values_list(
            "department_id", flat=True
        )
    )


def build_alert_url(q: str = "", department: Department | None = None) -> str:
    """The term-alert form, filled in to match new vacancies (#vacature)."""
    from plein.careers.vacancies.actions import VACANCY_HASHTAG

    words = " ".join(
        part for part in (q, department.name if department else "") if part
    )
    query = f"#{VACANCY_HASHTAG} {words}".strip()
    return reverse("alerts:create") + "?" + urlencode({"q": query})


def build_refer_url(vacancy: Vacancy) -> str:
    """The referrals app's form for this vacancy, or "" when it is not installed."""
    try:
        url = reverse("referrals:create")
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode({'vacancy': vacancy.pk})}"


# Cards and the page ----------------------------------------------------------


def _translated(vacancy: Vacancy, language: str) -> bool:
    """Whether a reader in ``language`` is shown the translation."""
    return vacancy.has_translation and vacancy.other_language == language


def prepare_vacancy_cards(user: Any, posts: list[Post]) -> None:
    """Load, for a page of vacancy cards, each vacancy and the reader's state."""
    rows = {
        v.pk: v
        for v in Vacancy.objects.filter(pk__in=[p.pk for p in posts]).select_related(
            "department"
        )
    }
    mine: dict[int, str] = {}
    if is_active_person(user):
        mine = dict(
            Application.objects.filter(
                applicant_id=user.pk, vacancy_id__in=list(rows)
            ).values_list("vacancy_id", "status")
        )
    language = translation.get_language() or "nl"
    for post in posts:
        vacancy = rows.get(post.pk)
        if vacancy is None:
            post.vacancy_card = None  # type: ignore[attr-defined]
            continue
        vacancy.post = post
        post.vacancy_card = {  # type: ignore[attr-defined]
            "vacancy": vacancy,
            "translated": _translated(vacancy, language[:2]),
            "my_status": mine.get(post.pk),
        }


@dataclass
class VacancyPage:
    vacancy: Vacancy
    can_manage: bool
    can_apply: bool
    show_translation: bool
    my_application: Application | None
    applications: list[Application] = field(default_factory=list)
    share_link: ShareLink | None = None
    is_public: bool = False
    refer_url: str = ""
    follows_department: bool = False


def get_vacancy_page(user: Any, vacancy: Vacancy) -> VacancyPage:
    """What the vacancy page shows the reader (``vacancy`` from access)."""
    can_manage = can_manage_vacancy(user, vacancy)
    mine = Application.objects.filter(
        vacancy_id=vacancy.pk, applicant_id=user.pk
    ).first()
    applications: list[Application] = []
    if can_manage:
        applications = list(
            visible_applications(user)
            .filter(vacancy_id=vacancy.pk)
            .select_related("applicant", "applicant__department")
            .order_by("created_at", "pk")
        )
    is_public = Vacancy.objects.filter(public_vacancy_filter(), pk=vacancy.pk).exists()
    language = (translation.get_language() or "nl")[:2]
    return VacancyPage(
        vacancy=vacancy,
        can_manage=can_manage,
        can_apply=can_apply_to_vacancy(user, vacancy)
        and (mine is None or mine.status == Stage.WITHDRAWN),
        show_translation=_translated(vacancy, language),
        my_application=mine,
        applications=applications,
        share_link=ShareLink.objects.filter(
            person_id=user.pk, vacancy_id=vacancy.pk
        ).first()
        if is_public
        else None,
        is_public=is_public,
        refer_url=build_refer_url(vacancy) if vacancy.takes_applications else "",
        follows_department=vacancy.department_id in followed_department_ids(user),
    )


def list_my_applications(user: Any) -> list[Application]:
    return list(
        visible_applications(user)
        .filter(applicant_id=user.pk)
        .select_related("vacancy", "vacancy__post")
        .order_by("-created_at")
    )


def list_team_applications(user: Any) -> list[Application]:
    """Applications of the user's reports that they may see (chosen stage)."""
    return list(
        visible_applications(user)
        .filter(applicant__manager_id=user.pk, shown_to_manager_at__isnull=False)
        .select_related("applicant", "vacancy", "vacancy__post")
        .order_by("-status_changed_at")
    )


def application_details_visible(user: Any, application: Application) -> bool:
    return can_view_application_details(user, application)


# The public page and sharing ---------------------------------------------------


def public_vacancies() -> QuerySet[Vacancy]:
    return Vacancy.objects.filter(public_vacancy_filter()).select_related(
        "post", "department"
    )


def public_slug(vacancy: Vacancy) -> str:
    return slugify(vacancy.post.title)[:80] or "vacancy"


def public_path(vacancy: Vacancy, token: str = "") -> str:
    path = reverse(
        "vacancies:public", kwargs={"post_id": vacancy.pk, "slug": public_slug(vacancy)}
    )
    return f"{path}?{urlencode({'ref': token})}" if token else path


def public_body_html(post: Post) -> str:
    """The post's text for the public page: without links or the #vacature tag."""
    from plein.careers.vacancies.actions import VACANCY_HASHTAG

    cleaned = public_html(post.body_html)
    return cleaned.replace(f"#{VACANCY_HASHTAG}", "").strip()


def employment_type(vacancy: Vacancy) -> str:
    """schema.org employmentType from the hours (FULL_TIME / PART_TIME)."""
    hours = vacancy.hours_max or vacancy.hours_min
    if hours is None:
        return ""
    return "FULL_TIME" if hours >= FULL_TIME_HOURS else "PART_TIME"


def build_job_posting(vacancy: Vacancy, url: str) -> dict[str, Any]:
    """The schema.org JobPosting of a public vacancy (JSON-LD, as a dict).

    ``baseSalary`` wants an amount: a salary scale is words, so it goes in
    the description instead. No author and no group: the public page
    names nobody in Plein.
    """
    post = vacancy.post
    description = public_body_html(post)
    if vacancy.requirements:
        description += "<h2>{}</h2><p>{}</p>".format(
            pgettext("vacancy", "Requirements"),
            _escape(vacancy.requirements).replace("\n", "<br>"),
        )
    if vacancy.salary_scale:
        description += "<p>{}: {}</p>".format(
            pgettext("vacancy", "Salary scale"), _escape(vacancy.salary_scale)
        )
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": post.title,
        "description": description,
        "datePosted": vacancy.created_at.date().isoformat(),
        "hiringOrganization": {"@type": "Organization", "name": organisation_name()},
        "identifier": {
            "@type": "PropertyValue",
            "name": organisation_name(),
            "value": str(vacancy.pk),
        },
        "url": url,
        "directApply": False,
    }
    if vacancy.closes_on is not None:
        end = timezone.make_aware(datetime.combine(vacancy.closes_on, time(23, 59)))
        data["validThrough"] = end.isoformat()
    kind = employment_type(vacancy)
    if kind:
        data["employmentType"] = kind
    if vacancy.location:
        data["jobLocation"] = {
            "@type": "Place",
            "address": {"@type": "PostalAddress", "addressLocality": vacancy.location},
        }
    if vacancy.hours_min or vacancy.hours_max:
        data["workHours"] = hours_text(vacancy)
    if vacancy.requirements:
        data["qualifications"] = vacancy.requirements
    return data


def _escape(text: str) -> str:
    from django.utils.html import escape

    return str(escape(text))


def hours_text(vacancy: Vacancy) -> str:
    low, high = vacancy.hours_min, vacancy.hours_max
    if low and high and low != high:
        return pgettext("vacancy hours", "%(low)d to %(high)d hours a week") % {
            "low": low,
            "high": high,
        }
    return pgettext("vacancy hours", "%(hours)d hours a week") % {
        "hours": high or low or 0
    }


def build_job_posting_json(vacancy: Vacancy, url: str) -> str:
    """The JSON-LD as text safe inside a <script> element."""
    text = json.dumps(build_job_posting(vacancy, url), ensure_ascii=False)
    # "</script>" or "<!--" in a text must not end the element early.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass
class ShareBox:
    url: str
    text: str
    linkedin_url: str
    mailto_url: str


def build_share_box(vacancy: Vacancy, link: ShareLink) -> ShareBox:
    """The prepared text and links for sharing outside, in the reader's language."""
    url = build_absolute_url(public_path(vacancy, link.token))
    title = vacancy.post.title
    text = pgettext(
        "vacancy share",
        "We are looking for a new colleague: %(title)s at %(organisation)s. "
        "Interested, or do you know someone? Read more: %(url)s",
    ) % {"title": title, "organisation": organisation_name(), "url": url}
    subject = pgettext("vacancy share", "Vacancy: %(title)s") % {"title": title}
    return ShareBox(
        url=url,
        text=text,
        linkedin_url="https://www.linkedin.com/sharing/share-offsite/?"
        + urlencode({"url": url}),
        mailto_url=f"mailto:?subject={quote(subject)}&body={quote(text)}",
    )


def resolve_share_token(token: str) -> ShareLink | None:
    """The share link a ``ref`` stands for (referral credit), or None.

    For the referrals app and insights: ``link.person`` shared it. Never
    shown on the public page.
    """
    if not token or len(token) > 32:
        return None
    return ShareLink.objects.select_related("person").filter(token=token).first()


# HR's figures ------------------------------------------------------------------


@dataclass
class FillRow:
    label: str
    filled: int
    median_days: float | None
    internal_share: float | None
    referral_share: float | None


@dataclass
class HrInsights:
    since: datetime
    ended: int
    filled: int
    rows: list[FillRow] = field(default_factory=list)
    total: FillRow | None = None
    open_count: int = 0
    applications: int = 0


def _row(label: str, vacancies: list[Vacancy]) -> FillRow:
    filled = [v for v in vacancies if v.status == Vacancy.Status.FILLED]
    days = [
        (v.ended_at - v.created_at).total_seconds() / 86400
        for v in filled
        if v.ended_at is not None
    ]
    count = len(filled)
    return FillRow(
        label=label,
        filled=count,
        median_days=round(statistics.median(days), 1) if days else None,
        internal_share=(
            sum(v.hired_from == Vacancy.HiredFrom.INTERNAL for v in filled) / count
            if count
            else None
        ),
        referral_share=(
            sum(v.hired_from == Vacancy.HiredFrom.REFERRAL for v in filled) / count
            if count
            else None
        ),
    )


def build_hr_insights(user: Any, days: int = INSIGHT_DAYS) -> HrInsights:
    """Time to fill and where hires came from, over the vacancies that ended.

    Only vacancies the user may see. A figure covers at least MIN_GROUP
    filled vacancies: smaller departments are merged into "Other
    departments", which is itself left out when still too small; the
    organisation's own figure is left out below MIN_GROUP too.
    """
    since = timezone.now() - timedelta(days=days)
    visible = visible_vacancies(user)
    ended = list(
        visible.filter(ended_at__gte=since)
        .exclude(status=Vacancy.Status.OPEN)
        .select_related("department")
    )
    insights = HrInsights(
        since=since,
        ended=len(ended),
        filled=sum(v.status == Vacancy.Status.FILLED for v in ended),
        open_count=visible.filter(status=Vacancy.Status.OPEN).count(),
        applications=visible_applications(user)
        .filter(created_at__gte=since)
        .filter(managed_vacancy_filter(user, prefix="vacancy__"))
        .count()
        if is_hr(user)
        else 0,
    )
    by_department: dict[str, list[Vacancy]] = {}
    for vacancy in ended:
        if vacancy.status != Vacancy.Status.FILLED:
            continue
        name = vacancy.department.name if vacancy.department else ""
        by_department.setdefault(name, []).append(vacancy)
    others: list[Vacancy] = []
    large: list[tuple[str, list[Vacancy]]] = []
    for name, vacancies in sorted(by_department.items()):
        if name and len(vacancies) >= MIN_GROUP:
            large.append((name, vacancies))
        else:
            others.extend(vacancies)
    # A small remainder would show by subtraction from the organisation's
    # figure: merge the smallest departments into it until it is large
    # enough (or nothing is left to show by department).
    large.sort(key=lambda item: (len(item[1]), item[0]))
    while others and len(others) < MIN_GROUP and large:
        others.extend(large.pop(0)[1])
    for name, vacancies in sorted(large):
        insights.rows.append(_row(name, vacancies))
    if len(others) >= MIN_GROUP and large:
        insights.rows.append(
            _row(pgettext("vacancy insights", "Other departments"), others)
        )
    filled = [v for vs in by_department.values() for v in vs]
    if len(filled) >= MIN_GROUP:
        insights.total = _row(pgettext("vacancy insights", "Organisation"), filled)
    return insights
