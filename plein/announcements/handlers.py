"""Required readers hear of a post once it reaches them."""

from plein.announcements.models import Announcement
from plein.announcements.tasks import notify_required_readers
from plein.core.events import Event, on
from plein.core.tasks import enqueue_on_commit


@on("posts.post.released")
def notify_readers_of_released_post(event: Event) -> None:
    """A post held for review tells its required readers when it is let out."""
    announcements = Announcement.objects.filter(post_id=event.payload["post_id"])
    for announcement_id in announcements.values_list("pk", flat=True):
        enqueue_on_commit(notify_required_readers, announcement_id=announcement_id)
