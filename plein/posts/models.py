import hashlib
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.core.urls import fast_reverse

if TYPE_CHECKING:
    from plein.posts.queries import ReactionButton


class Hashtag(models.Model):
    name = models.CharField(_("name"), max_length=64, unique=True)  # lower case
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("hashtag")
        verbose_name_plural = _("hashtags")

    # Not columns: set by plein.search.queries.search_hashtags on what it
    # returns (the visible posts using it, capped; whether there are more).
    post_count: int
    has_more_posts: bool

    def __str__(self) -> str:
        return f"#{self.name}"


class Withheld(models.TextChoices):
    """Why published content is held back from its readers (its author still sees it)."""

    REVIEW = "review", pgettext_lazy("withheld", "Held for review (possible leak)")
    REPORTS = "reports", pgettext_lazy("withheld", "Hidden after reports")
    MODERATOR = "moderator", pgettext_lazy("withheld", "Hidden by a moderator")


class PostQuerySet(models.QuerySet["Post"]):
    def alive(self) -> "PostQuerySet":
        return self.filter(deleted_at__isnull=True)


class Post(models.Model):
    class Kind(models.TextChoices):
        """The posts app's own kinds; features add theirs (plein.posts.kinds)."""

        UPDATE = "update", pgettext_lazy("post kind", "Update")
        ARTICLE = "article", pgettext_lazy("post kind", "Article")

    class Language(models.TextChoices):
        DUTCH = "nl", pgettext_lazy("language", "Dutch")
        ENGLISH = "en", pgettext_lazy("language", "English")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    # Null: the post lives on the author's own profile stream.
    group = models.ForeignKey(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="posts",
    )
    # A registered kind (plein.posts.kinds): not a database choice, since
    # features add kinds without touching this model.
    kind = models.CharField(max_length=10, default=Kind.UPDATE)
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    body_html = models.TextField(editable=False)
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.DUTCH
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pinned_at = models.DateTimeField(null=True, blank=True)
    comment_count = models.PositiveIntegerField(default=0)
    reaction_count = models.PositiveIntegerField(default=0)
    # A post for named people only (a mail to colleagues turned into a post):
    # visible to its author and the people in PostAudience, nobody else.
    is_restricted = models.BooleanField(default=False)
    # Withheld content is visible to its author only, until released.
    withheld_at = models.DateTimeField(null=True, blank=True)
    withheld_reason = models.CharField(
        max_length=20, choices=Withheld.choices, blank=True
    )
    hashtags = models.ManyToManyField(Hashtag, blank=True, related_name="posts")
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="mentioned_in"
    )

    objects = PostQuerySet.as_manager()

    # Not columns: set on the posts a page shows. By
    # plein.posts.queries.get_post_cards, for a card (with its ok_previews,
    # prefetched):
    reaction_buttons: "list[ReactionButton]"
    is_bookmarked: bool
    can_edit: bool
    can_delete: bool
    can_pin: bool
    # By the home feed (plein.feed.views): the "new" marker and the divider.
    is_unread: bool
    starts_read: bool
    # By a profile page (plein.people.views.directory): the line it lists.
    preview: str

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            models.Index(fields=["author", "-id"], name="posts_post_author_id"),
            models.Index(fields=["group", "-id"], name="posts_post_group_id"),
            # A group page asks for its few pinned posts on every view.
            models.Index(
                fields=["group", "-pinned_at"],
                condition=models.Q(pinned_at__isnull=False),
                name="posts_post_pinned",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.body[:60]

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_withheld(self) -> bool:
        return self.withheld_at is not None

    @property
    def is_pinned(self) -> bool:
        return self.pinned_at is not None

    @cached_property
    def urls(self) -> "PostUrls":
        """The post's own pages and actions, for its card (built, not resolved)."""
        return PostUrls(self.pk)


class PostUrls:
    """The URLs of one post's card; each reversed at most once per process."""

    def __init__(self, post_id: int) -> None:
        self.post_id = post_id

    def __getattr__(self, action: str) -> str:
        if action not in POST_URL_NAMES:
            raise AttributeError(action)
        return fast_reverse(POST_URL_NAMES[action], self.post_id)


POST_URL_NAMES = {
    "detail": "posts:detail",
    "history": "posts:history",
    "edit": "posts:edit",
    "pin": "posts:pin",
    "delete": "posts:delete",
    "react": "posts:react",
    "bookmark": "posts:bookmark",
}


class PostAudience(models.Model):
    """The people a post is addressed to; for a restricted post, its only readers."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="audience")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user"], name="posts_audience_unique"
            )
        ]
        indexes = [models.Index(fields=["user", "post"], name="posts_audience_user")]


class PostRevision(models.Model):
    """The text of a post before an edit: the edit history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]


class Comment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    # One level of replies: a reply's parent is always a top-level comment.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField(_("comment"))
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    withheld_at = models.DateTimeField(null=True, blank=True)
    withheld_reason = models.CharField(
        max_length=20, choices=Withheld.choices, blank=True
    )
    reaction_count = models.PositiveIntegerField(default=0)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="mentioned_in_comments"
    )

    # Not columns: set by plein.posts.queries.decorate_comments (and
    # get_comment_threads, which gives top-level comments their replies).
    reaction_buttons: "list[ReactionButton]"
    can_edit: bool
    can_delete: bool
    thread_replies: "list[Comment]"

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["post", "created_at"], name="posts_comment_post")
        ]

    def __str__(self) -> str:
        return self.body[:60]


class CommentRevision(models.Model):
    """The text of a comment before an edit: the comment's edit history."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="revisions"
    )
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]


class ReactionKind(models.TextChoices):
    LIKE = "like", pgettext_lazy("reaction", "Like")
    CELEBRATE = "celebrate", pgettext_lazy("reaction", "Celebrate")
    SUPPORT = "support", pgettext_lazy("reaction", "Support")
    INSIGHTFUL = "insightful", pgettext_lazy("reaction", "Insightful")
    FUNNY = "funny", pgettext_lazy("reaction", "Funny")


REACTION_EMOJI = {
    ReactionKind.LIKE: "👍",
    ReactionKind.CELEBRATE: "🎉",
    ReactionKind.SUPPORT: "💪",
    ReactionKind.INSIGHTFUL: "💡",
    ReactionKind.FUNNY: "😄",
}


class Reaction(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions"
    )
    comment = models.ForeignKey(
        Comment,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reactions",
    )
    kind = models.CharField(
        max_length=12, choices=ReactionKind.choices, default=ReactionKind.LIKE
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(post__isnull=False, comment__isnull=True)
                | models.Q(post__isnull=True, comment__isnull=False),
                name="posts_reaction_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "post", "kind"],
                condition=models.Q(post__isnull=False),
                name="posts_reaction_post_unique",
            ),
            models.UniqueConstraint(
                fields=["user", "comment", "kind"],
                condition=models.Q(comment__isnull=False),
                name="posts_reaction_comment_unique",
            ),
        ]


class Bookmark(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "post"], name="posts_bookmark_unique"
            )
        ]


class PostFollow(models.Model):
    """Someone who hears about new comments on a post (a Cc of a mail, say)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_follows"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "post"], name="posts_postfollow_unique"
            )
        ]
        indexes = [models.Index(fields=["post", "user"], name="posts_postfollow_post")]


class HashtagFollow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="hashtag_follows",
    )
    hashtag = models.ForeignKey(
        Hashtag, on_delete=models.CASCADE, related_name="followers"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "hashtag"], name="posts_hashtagfollow_unique"
            )
        ]
        indexes = [
            models.Index(fields=["hashtag", "user"], name="posts_hashtagfollow_tag")
        ]


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"attachments/{timezone.now():%Y/%m}/{instance.sha256[:16]}/{filename}"


class Attachment(models.Model):
    """A file or image uploaded for a post; served only through access checks."""

    post = models.ForeignKey(
        Post,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(upload_to=attachment_path, max_length=300)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    is_image = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()


class LinkPreview(models.Model):
    """The title of a page a post links to, fetched in the background."""

    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=300, blank=True)
    description = models.CharField(max_length=500, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    is_ok = models.BooleanField(default=False)
    posts = models.ManyToManyField(Post, related_name="link_previews", blank=True)

    def __str__(self) -> str:
        return self.title or self.url
