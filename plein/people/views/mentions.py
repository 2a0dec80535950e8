"""Suggestions for "@an" typed in the composer, a comment or an answer."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from plein.core.errors import InvalidInput, RateLimited
from plein.core.ratelimit import hit_rate_limit
from plein.people.forms import MentionQueryForm
from plein.people.http import AuthedRequest
from plein.people.queries import list_mention_suggestions

# Typing asks once per pause (plein.js waits a moment and remembers
# answers): this is far above what a person types, and stops scraping.
MENTION_REQUESTS_PER_MINUTE = 120


@login_required
@require_GET
def mention_suggestions(request: AuthedRequest) -> JsonResponse:
    """Up to ten colleagues the person may see, as JSON for plein.js.

    Each has ``handle``, ``name``, ``photo`` (a URL or "") and the
    ``initials`` and ``tone`` of the avatar without a photo.
    """
    retry_after = hit_rate_limit(
        "mention-suggestions", str(request.user.pk), MENTION_REQUESTS_PER_MINUTE
    )
    if retry_after is not None:
        raise RateLimited(data={"retry_after": retry_after})
    form = MentionQueryForm(request.GET)
    if not form.is_valid():
        field = next(iter(form.errors))
        raise InvalidInput(_("Type one to 50 characters after the @."), field=field)
    people = list_mention_suggestions(
        request.user, form.cleaned_data["q"], form.cleaned_data["limit"] or 8
    )
    response = JsonResponse(
        {
            "people": [
                {
                    "handle": person.handle,
                    "name": person.full_name,
                    "photo": person.photo.url if person.photo else "",
                    "initials": person.initials,
                    "tone": str(person.pk)[-1],
                }
                for person in people
            ]
        }
    )
    # Who someone may see depends on who asks: never from a shared cache.
    response["Cache-Control"] = "private, max-age=60"
    return response
