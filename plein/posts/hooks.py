"""The posts app's own kinds: a short update, and an article (with a title)."""

from django.utils.translation import pgettext_lazy

from plein.posts.kinds import ARTICLE, UPDATE, PostKind, register_post_kind

register_post_kind(
    PostKind(
        code=UPDATE,
        label=pgettext_lazy("post kind", "Update"),
        follows_title=True,
    )
)
register_post_kind(
    PostKind(
        code=ARTICLE,
        label=pgettext_lazy("post kind", "Article"),
        badge_template="posts/kinds/_article_badge.html",
        follows_title=True,
    )
)
