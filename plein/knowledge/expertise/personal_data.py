"""What the expertise finder holds about a person: endorsements both ways,
their topic decisions and the topics inferred from their work (see
``plein.core.personal_data``)."""

from typing import Any

from django.db.models import Q

from plein.access.groups import content_group_ids_filter
from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)
from plein.knowledge.expertise.actions import do_refresh_evidence, endorsed_by
from plein.knowledge.expertise.models import (
    Endorsement,
    Evidence,
    QuestionOfferOptIn,
    TopicConsent,
)


def build_expertise(person: Any) -> dict[str, Any]:
    """Endorsements both ways, topic decisions, evidence and the offers opt-in."""
    opted_in_at = (
        QuestionOfferOptIn.objects.filter(person=person)
        .values_list("opted_in_at", flat=True)
        .first()
    )
    return {
        # Whether one asked to be offered unanswered questions, and since when.
        "question_offers": {
            "opted_in": opted_in_at is not None,
            "opted_in_at": opted_in_at,
        },
        "endorsements_given": [
            {"person": handle, "skill": skill, "created_at": at}
            for handle, skill, at in Endorsement.objects.filter(endorser=person)
            .order_by("id")
            .values_list("person__handle", "skill__name", "created_at")
        ],
        # Who endorsed one, by handle only.
        "endorsements_received": [
            {"endorser": handle, "skill": skill, "created_at": at}
            for handle, skill, at in Endorsement.objects.filter(person=person)
            .order_by("id")
            .values_list("endorser__handle", "skill__name", "created_at")
        ],
        "topic_decisions": list(
            TopicConsent.objects.filter(person=person)
            .order_by("topic")
            .values("topic", "state", "updated_at")
        ),
        # Counts of one's own work per topic, kind and group; only groups
        # whose content one may see now (a topic word may come from a page
        # title someone else gave in a group one left).
        "topics": [
            {key: value for key, value in row.items() if key != "group__slug"}
            | {"group": row["group__slug"]}
            for row in Evidence.objects.filter(person=person)
            .filter(Q(group__isnull=True) | content_group_ids_filter(person, "group"))
            .order_by("kind", "topic", "id")
            .values(
                "kind",
                "topic",
                "label",
                "is_hashtag",
                "group__slug",
                "count",
                "last_at",
                "is_shown",
                "is_hidden",
            )
        ],
    }


def erase_expertise(person: Any, context: ErasureContext) -> None:
    """Endorsements both ways, topic decisions, evidence and the opt-in go.

    The colleagues they endorsed lose that endorsement from their evidence.
    """
    endorsed = endorsed_by(person.pk)
    Endorsement.objects.filter(endorser=person).delete()
    Endorsement.objects.filter(person=person).delete()
    for person_id, kinds in endorsed.items():
        do_refresh_evidence(person_id, kinds)
    TopicConsent.objects.filter(person=person).delete()
    Evidence.objects.filter(person=person).delete()
    QuestionOfferOptIn.objects.filter(person=person).delete()


register_personal_data(
    PersonalDataProvider(
        app_label="expertise",
        order=180,
        models={
            Endorsement: "skills one endorsed in others, and others in one",
            TopicConsent: "the topics one chose to show or hide",
            Evidence: "topics inferred from one's work, with counts",
            QuestionOfferOptIn: "whether and since when one wants to be offered "
            "unanswered questions",
        },
        export=(
            ExportSection(
                "expertise",
                200,
                "skill endorsements you gave and received, your decisions about "
                "topics, the topics Plein inferred from your work, and whether "
                "you want to be offered unanswered questions",
                build_expertise,
            ),
        ),
        erase=erase_expertise,
    )
)
