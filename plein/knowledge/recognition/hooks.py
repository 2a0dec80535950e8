"""Recognition's parts of shared pages: "This helped me", one's contribution."""

from django.utils.translation import gettext_lazy as _

from plein.core.fragments import register_fragment, register_menu_item

register_fragment(
    "post.detail.actions",
    "recognition.helped",
    "recognition/fragments/_helped_post.html",
)
register_fragment(
    "comment.actions",
    "recognition.helped",
    "recognition/fragments/_helped_comment.html",
    order=20,
)
register_menu_item(
    "header.menu", "recognition", _("My contribution"), "recognition:mine", order=30
)
register_menu_item(
    "header.menu",
    "recognition.settings",
    _("Recognition settings"),
    "recognition:settings",
    order=200,
    when=lambda user: user.is_staff,
)
