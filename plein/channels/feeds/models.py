"""Personal feed tokens: the secret in a feed address, stored as a digest."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FeedToken(models.Model):
    """A named, revocable key to one's feeds; only its SHA-256 is stored.

    A feed reader cannot log in, so the address it polls carries the token
    (``/feeds/<token>/home.atom``). Revoking deletes the row: the address
    then answers 404 like any unknown one.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    # The first characters, to tell tokens apart in the list ("plfeed_Ab3…").
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # Set on the person's one link token (the "Subscribe" links on Plein's
    # pages), which tokens.rebuild_link_token makes again from this nonce
    # and SECRET_KEY; empty on every token made by name.
    link_nonce = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        verbose_name = _("feed token")
        verbose_name_plural = _("feed tokens")
        indexes = [
            models.Index(fields=["user", "-created_at"], name="feeds_token_user")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=~Q(link_nonce=""),
                name="feeds_one_link_token",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_link_token(self) -> bool:
        return bool(self.link_nonce)
