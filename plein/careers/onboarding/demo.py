"""Demo data: a default onboarding template and a new colleague halfway.

Called by ``plein.demo.builder`` with the demo people (by e-mail local part)
and groups. HR (the admin) writes the default template; then Lotte
Vermeulen joins Klantenservice under Youssef Benali: creating her makes
her plan (the same handler as in real life). Anna becomes her buddy.
Lotte has joined two groups, read one page and met her manager; Youssef
ticked one checklist item and published the welcome post. One page is
overdue. Log in as ``lotte.vermeulen@…`` with the demo password.
"""

from datetime import datetime, timedelta
from typing import Any

from django.db.models import F

from plein.access.groups import can_post_in_group
from plein.careers.onboarding.actions import (
    TemplateFields,
    check_publish_welcome,
    check_save_template,
    check_tick_task,
    check_update_plan,
    do_sync_page_reads,
)
from plein.careers.onboarding.models import OnboardingPlan, OnboardingTask
from plein.groups.actions import check_join_group
from plein.knowledge.wiki.actions import do_record_page_read
from plein.knowledge.wiki.models import Page
from plein.people.actions import do_create_person
from plein.people.models import User

NEW_COLLEAGUE = "lotte.vermeulen"
DAYS_AGO = 9
GROUPS = ["iedereen", "klantvragen", "duurzaam"]
PAGES = ["Personeelshandboek", "Verlof aanvragen", "Declaraties"]
CHECKLIST = (
    "Laptop, telefoon en accounts klaarzetten\n"
    "Kennismaken met het team in het werkoverleg\n"
    "Eerste gesprek over doelen na vier weken"
)
WELCOME = (
    "Welkom bij Zuiderhaven, {name}! Vanaf deze maand versterkt ze het team "
    "Klantenservice in Rotterdam. Zeg gerust hallo bij de koffieautomaat."
)


def add_demo(people: dict[str, Any], groups: dict[str, Any], now: datetime) -> None:
    admin, manager = people.get("admin"), people.get("youssef.benali")
    buddy = people.get("anna")
    if admin is None or manager is None or buddy is None:
        return
    pages = {p.title: p for p in Page.objects.filter(group__isnull=True)}
    check_save_template(
        admin,
        TemplateFields(
            name="Welkom bij Zuiderhaven",
            groups=[groups[key] for key in GROUPS if key in groups],
            pages=[(pages[title], 7) for title in PAGES if title in pages],
            people=[p for p in [people.get("moderator")] if p is not None],
            manager_checklist=CHECKLIST,
            welcome_text=WELCOME,
            welcome_group=groups.get("iedereen"),
        ),
    )
    lotte = do_create_person(
        email=f"{NEW_COLLEAGUE}@{manager.email.split('@')[1]}",
        full_name="Lotte Vermeulen",
        handle=NEW_COLLEAGUE,
        job_title="Klantenservicemedewerker",
        department=manager.department,
        location="Rotterdam",
        manager=manager,
        spoken_languages="Nederlands, Engels",
        date_joined=now - timedelta(days=DAYS_AGO),
    )
    # The demo password, as every demo account has (the builder set it).
    User.objects.filter(pk=lotte.pk).update(
        password=User.objects.filter(pk=admin.pk).values_list("password").get()[0]
    )
    from plein.governance.guidelines.actions import do_accept_current_guidelines

    do_accept_current_guidelines(lotte)
    plan = OnboardingPlan.objects.get(person=lotte)
    # Demo history: she started DAYS_AGO days ago. Dating the plan back is
    # data preparation, not a change anybody makes in Plein.
    OnboardingPlan.objects.filter(pk=plan.pk).update(
        started_on=F("started_on") - timedelta(days=DAYS_AGO)
    )
    OnboardingTask.objects.filter(plan=plan).update(
        due_on=F("due_on") - timedelta(days=DAYS_AGO)
    )
    plan.refresh_from_db()
    check_update_plan(admin, plan, buddy=buddy)
    for key in GROUPS[:2]:
        if key in groups:
            check_join_group(lotte, groups[key])
    if PAGES[0] in pages:
        do_record_page_read(lotte, pages[PAGES[0]])
        do_sync_page_reads(lotte)
    tasks = OnboardingTask.objects.filter(plan=plan).select_related("plan")
    meet = tasks.filter(kind=OnboardingTask.Kind.MEET_PERSON, person=manager).first()
    if meet is not None:
        check_tick_task(lotte, meet, done=True)
    check = tasks.filter(kind=OnboardingTask.Kind.MANAGER_CHECK).first()
    if check is not None:
        check_tick_task(manager, check, done=True)
    everyone = groups.get("iedereen")
    check_publish_welcome(
        manager,
        plan,
        body=WELCOME.replace("{name}", f"@{lotte.handle}"),
        group=everyone
        if everyone is not None and can_post_in_group(manager, everyone)
        else None,
    )
