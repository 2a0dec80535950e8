"""Pages and htmx fragments for posts, comments, reactions and files.

Every view parses with a form, fetches through an ``access_*`` gatekeeper,
changes state only through ``check_*``/``do_*`` actions inside a durable
transaction, and answers with a page, a partial (htmx) or a redirect.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from plein.access.groups import access_group
from plein.access.posts import (
    access_attachment,
    access_comment,
    access_hashtag,
    access_post,
)
from plein.core.errors import InvalidInput, NotFound
from plein.core.forms import publish_with_form
from plein.groups.queries import list_my_groups
from plein.people.http import AuthedRequest
from plein.posts import queries
from plein.posts.actions import (
    check_bookmark_post,
    check_create_comment,
    check_edit_comment,
    check_edit_post,
    check_follow_hashtag,
    check_follow_post,
    check_pin_post,
    check_publish_post,
    check_react,
    do_delete_comment,
    do_delete_post,
)
from plein.posts.forms import (
    CommentForm,
    CursorForm,
    PostEditForm,
    PostForm,
    ReactionForm,
    ToggleForm,
)
from plein.posts.kinds import get_post_kind
from plein.posts.models import PostFollow
from plein.posts.publishing import draft_field_aliases
from plein.posts.reading import do_record_post_opened

HELD_MESSAGE = gettext_lazy(
    "Your text awaits review: it may contain data that should not leak. "
    "Only you can see it until a reviewer releases it."
)

# The composer's form fields for the names the actions use.
POST_FIELD_ALIASES = {"file": "files", "attachment_ids": "files"}


def safe_next(request: HttpRequest, default: str) -> str:
    """The ``next`` parameter when it points into this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def htmx_error_retarget(response: HttpResponse, target: str) -> HttpResponse:
    """Swap a re-rendered form over the one that was posted."""
    response["HX-Retarget"] = target
    response["HX-Reswap"] = "outerHTML"
    return response


def build_composer(
    user: Any,
    data: Any = None,
    files: Any = None,
    *,
    group: Any = None,
    my_groups: list[Any] | None = None,
) -> PostForm:
    """The composer, offering the groups the user may post in.

    On a group page the group is chosen and fixed. ``my_groups`` is
    ``list_my_groups(user)`` when the caller already has it.
    """
    if group is not None:
        groups = [group]
    else:
        groups = my_groups if my_groups is not None else list_my_groups(user)
    initial = {"group": group.pk} if group is not None else {}
    return PostForm(data, files, user=user, groups=groups, initial=initial)


def _create_post(request: AuthedRequest, form: PostForm) -> Any:
    """Publish what the composer holds; the post, or None when refused.

    Files, the post and its parts (required readers …) are written in one
    transaction: a refused part publishes nothing.
    """
    if not form.is_valid():
        return None
    group_id = form.cleaned_data["group"]

    def publish() -> Any:
        group = access_group(request.user, group_id=group_id) if group_id else None
        return check_publish_post(request.user, form.to_draft(request.user, group))

    return publish_with_form(
        form, publish, {**POST_FIELD_ALIASES, **draft_field_aliases()}
    )


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def post_create(request: AuthedRequest) -> HttpResponse:
    """Publish from the composer.

    htmx: the new card is prepended to ``#feed-entries`` and a fresh composer
    swapped in out of band; errors re-render the composer in place. Without
    JavaScript: redirect to ``next``, or a page with the composer and errors.
    """
    group = None
    slug = request.POST.get("group_slug") or request.GET.get("group")
    if slug:
        group = access_group(request.user, slug=slug)
    if request.method == "GET":
        return render(
            request,
            "posts/post_create.html",
            {"composer": build_composer(request.user, group=group)},
        )
    form = build_composer(request.user, request.POST, request.FILES, group=group)
    post = _create_post(request, form)
    if post is None:
        if request.htmx:
            response = render(
                request,
                "posts/composer.html#composer",
                {"composer": form, "composer_group": group},
            )
            return htmx_error_retarget(response, "#composer")
        return render(
            request,
            "posts/post_create.html",
            {"composer": form, "composer_group": group},
        )
    if post.is_withheld:
        # Held by leak prevention: only the author sees it, until reviewed.
        if request.htmx:
            response = render(
                request,
                "posts/composer.html#composer",
                {
                    "composer": build_composer(request.user, group=group),
                    "composer_group": group,
                    "composer_held": True,
                },
            )
            return htmx_error_retarget(response, "#composer")
        messages.info(request, HELD_MESSAGE)
        return redirect(reverse("posts:detail", args=[post.pk]))
    if request.htmx:
        context = {
            "post": queries.get_post_card(request.user, post),
            "composer": build_composer(request.user, group=group),
            "composer_group": group,
        }
        return render(request, "posts/post_created.html", context)
    messages.success(request, _("Your post has been published."))
    return redirect(safe_next(request, reverse("feed:home")))


@login_required
@require_GET
@vary_on_headers("HX-Request")
def post_detail(request: AuthedRequest, post_id: int) -> HttpResponse:
    """A post with its conversation; a kind with a page of its own goes there."""
    post = access_post(request.user, post_id)
    kind = get_post_kind(post.kind)
    if kind.detail_url_name:
        return redirect(reverse(kind.detail_url_name, args=[post.pk]))
    context = {
        "post": queries.get_post_card(request.user, post),
        "comments": queries.get_comment_threads(request.user, post),
        "comment_form": CommentForm(),
        "is_detail": True,
        "is_following": PostFollow.objects.filter(
            user=request.user, post=post
        ).exists(),
    }
    response = render(request, "posts/post_detail.html", context)
    do_record_post_opened(request.user, post)
    return response


@login_required
@require_POST
@vary_on_headers("HX-Request")
def post_follow(request: AuthedRequest, post_id: int) -> HttpResponse:
    """Follow or unfollow the conversation under a post."""
    post = access_post(request.user, post_id)
    form = ToggleForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(field="on")
    with transaction.atomic(durable=True):
        following = check_follow_post(
            request.user, post, follow=form.cleaned_data["on"]
        )
    if request.htmx:
        return render(
            request,
            "posts/post_detail.html#follow",
            {"post": post, "is_following": following},
        )
    return redirect(reverse("posts:detail", args=[post.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request: AuthedRequest, post_id: int) -> HttpResponse:
    post = access_post(request.user, post_id, for_edit=True)
    if request.method == "GET":
        form = PostEditForm(
            initial={"title": post.title, "body": post.body, "language": post.language}
        )
        return render(request, "posts/post_edit.html", {"post": post, "form": form})
    form = PostEditForm(request.POST)
    if form.is_valid():
        edited = publish_with_form(
            form,
            lambda: check_edit_post(
                request.user,
                post,
                body=form.cleaned_data["body"],
                title=form.cleaned_data["title"],
                language=form.cleaned_data["language"] or None,
                justification=form.cleaned_data["justification"],
            ),
        )
        if edited is not None:
            post.refresh_from_db(fields=["withheld_at", "withheld_reason"])
            if post.is_withheld:
                messages.info(request, HELD_MESSAGE)
            else:
                messages.success(request, _("Your changes have been saved."))
            return redirect("posts:detail", post_id=post.pk)
    return render(request, "posts/post_edit.html", {"post": post, "form": form})


@login_required
@require_GET
def post_history(request: AuthedRequest, post_id: int) -> HttpResponse:
    post = access_post(request.user, post_id)
    context = {"post": post, "revisions": queries.list_post_revisions(post)}
    return render(request, "posts/post_history.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def post_delete(request: AuthedRequest, post_id: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes (htmx: the card disappears)."""
    post = access_post(request.user, post_id, for_delete=True)
    if request.method == "GET":
        return render(request, "posts/post_delete.html", {"post": post})
    with transaction.atomic(durable=True):
        do_delete_post(request.user, post)
    if request.htmx:
        return HttpResponse("")
    messages.success(request, _("The post has been deleted."))
    default = (
        reverse("groups:detail", args=[post.group.slug])
        if post.group is not None
        else reverse("feed:home")
    )
    target = safe_next(request, default)
    if target == reverse("posts:detail", args=[post.pk]):
        target = default
    return redirect(target)


@login_required
@require_POST
def post_pin(request: AuthedRequest, post_id: int) -> HttpResponse:
    post = access_post(request.user, post_id)
    form = ToggleForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(field="on")
    with transaction.atomic(durable=True):
        check_pin_post(request.user, post, pinned=form.cleaned_data["on"])
    if form.cleaned_data["on"]:
        messages.success(request, _("The post is pinned to the top of the group."))
    else:
        messages.success(request, _("The post is no longer pinned."))
    default = (
        reverse("groups:detail", args=[post.group.slug])
        if post.group is not None
        else reverse("posts:detail", args=[post.pk])
    )
    target = safe_next(request, default)
    if request.htmx:
        response = HttpResponse("")
        response["HX-Redirect"] = target
        return response
    return redirect(target)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def post_bookmark(request: AuthedRequest, post_id: int) -> HttpResponse:
    post = access_post(request.user, post_id)
    form = ToggleForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(field="on")
    with transaction.atomic(durable=True):
        check_bookmark_post(request.user, post, bookmarked=form.cleaned_data["on"])
    if request.htmx:
        return render(
            request,
            "posts/post_card.html#bookmark",
            {"post": queries.get_post_card(request.user, post)},
        )
    return redirect(safe_next(request, reverse("posts:detail", args=[post.pk])))


@login_required
@require_POST
@vary_on_headers("HX-Request")
def post_react(request: AuthedRequest, post_id: int) -> HttpResponse:
    post = access_post(request.user, post_id)
    form = ReactionForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(_("Unknown reaction."), field="kind")
    with transaction.atomic(durable=True):
        check_react(request.user, post=post, kind=form.cleaned_data["kind"])
    if request.htmx:
        return render(
            request,
            "posts/post_card.html#reactions",
            {"post": queries.get_post_card(request.user, post)},
        )
    return redirect(safe_next(request, reverse("posts:detail", args=[post.pk])))


@login_required
@require_POST
@vary_on_headers("HX-Request")
def comment_create(request: AuthedRequest, post_id: int) -> HttpResponse:
    """Add a comment or a reply; htmx appends it to its thread."""
    post = access_post(request.user, post_id)
    form = CommentForm(request.POST)
    comment = None
    if form.is_valid():
        comment = publish_with_form(
            form,
            lambda: check_create_comment(
                request.user,
                post,
                body=form.cleaned_data["body"],
                parent_id=form.cleaned_data["parent_id"],
                justification=form.cleaned_data["justification"],
            ),
            {"parent_id": "body"},
        )
    if comment is None:
        parent_id = (
            form.cleaned_data.get("parent_id")
            if hasattr(form, "cleaned_data")
            else None
        )
        if request.htmx:
            context = {
                "post": post,
                "comment_form": form,
                "parent_id": parent_id,
                "comment_form_key": str(parent_id or 0),
            }
            response = render(request, "posts/comments.html#comment-form", context)
            form_id = (
                f"#comment-form-{post.pk}-{parent_id}"
                if parent_id
                else f"#comment-form-{post.pk}"
            )
            return htmx_error_retarget(response, form_id)
        context = {
            "post": queries.get_post_card(request.user, post),
            "comments": queries.get_comment_threads(request.user, post),
            "comment_form": form,
            "comment_form_key": str(parent_id or 0),
            "is_detail": True,
        }
        return render(request, "posts/post_detail.html", context)
    if comment.withheld_at is not None:
        # Held by leak prevention: say so where the author wrote it.
        if request.htmx:
            parent_id = form.cleaned_data.get("parent_id")
            context = {
                "post": post,
                "comment_form": CommentForm(),
                "comment_held": True,
                "parent_id": parent_id,
                "comment_form_key": str(parent_id or 0),
            }
            response = render(request, "posts/comments.html#comment-form", context)
            form_id = (
                f"#comment-form-{post.pk}-{parent_id}"
                if parent_id
                else f"#comment-form-{post.pk}"
            )
            return htmx_error_retarget(response, form_id)
        messages.info(request, HELD_MESSAGE)
    if request.htmx:
        queries.decorate_comments(request.user, [comment])
        # The card's "N comments" is swapped out of band with the new count.
        post.refresh_from_db(fields=["comment_count"])
        context = {
            "post": post,
            "comment": comment,
            "is_new": True,
            "comment_form": CommentForm(),
        }
        return render(request, "posts/comment_created.html", context)
    return redirect(reverse("posts:detail", args=[post.pk]) + f"#comment-{comment.pk}")


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def comment_edit(request: AuthedRequest, comment_id: int) -> HttpResponse:
    comment = access_comment(request.user, comment_id, for_edit=True)
    if request.method == "GET":
        form = CommentForm(initial={"body": comment.body})
        template = (
            "posts/comment_edit.html#edit-form"
            if request.htmx
            else "posts/comment_edit.html"
        )
        return render(request, template, {"comment": comment, "form": form})
    form = CommentForm(request.POST)
    if form.is_valid():
        edited = publish_with_form(
            form,
            lambda: check_edit_comment(
                request.user,
                comment,
                body=form.cleaned_data["body"],
                justification=form.cleaned_data["justification"],
            ),
        )
        if edited is not None:
            comment = edited
            if comment.withheld_at is not None:
                messages.info(request, HELD_MESSAGE)
            if request.htmx:
                queries.decorate_comments(request.user, [comment])
                comment.thread_replies = []
                return render(
                    request,
                    "posts/comments.html#comment-body",
                    {"comment": comment, "post": comment.post},
                )
            return redirect(
                reverse("posts:detail", args=[comment.post_id])
                + f"#comment-{comment.pk}"
            )
    template = (
        "posts/comment_edit.html#edit-form"
        if request.htmx
        else "posts/comment_edit.html"
    )
    return render(request, template, {"comment": comment, "form": form})


@login_required
@require_POST
@vary_on_headers("HX-Request")
def comment_delete(request: AuthedRequest, comment_id: int) -> HttpResponse:
    """Delete a comment; htmx removes it and updates the post's counts."""
    comment = access_comment(request.user, comment_id, for_delete=True)
    with transaction.atomic(durable=True):
        do_delete_comment(request.user, comment)
    if request.htmx:
        # The comment's element is swapped for nothing; only the counts
        # (out of band) are in the answer.
        post = comment.post
        post.refresh_from_db(fields=["comment_count"])
        return render(request, "posts/comment_count_changed.html", {"post": post})
    messages.success(request, _("The comment has been deleted."))
    return redirect("posts:detail", post_id=comment.post_id)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def comment_react(request: AuthedRequest, comment_id: int) -> HttpResponse:
    comment = access_comment(request.user, comment_id)
    form = ReactionForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(_("Unknown reaction."), field="kind")
    with transaction.atomic(durable=True):
        check_react(request.user, comment=comment, kind=form.cleaned_data["kind"])
    if request.htmx:
        queries.decorate_comments(request.user, [comment])
        return render(
            request, "posts/comments.html#comment-reactions", {"comment": comment}
        )
    return redirect(
        reverse("posts:detail", args=[comment.post_id]) + f"#comment-{comment.pk}"
    )


@login_required
@require_GET
def attachment_download(
    request: AuthedRequest, attachment_id: int, filename: str
) -> FileResponse:
    """Serve a file through ``access_attachment``.

    Only images are shown inline; everything else is a download, and
    ``nosniff`` keeps browsers from guessing a more dangerous type.
    """
    attachment = access_attachment(request.user, attachment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise NotFound() from None
    response = FileResponse(
        handle,
        as_attachment=not attachment.is_image,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_GET
@vary_on_headers("HX-Request")
def hashtag_detail(request: AuthedRequest, name: str) -> HttpResponse:
    hashtag = access_hashtag(request.user, name)
    cursor = CursorForm(request.GET)
    before = cursor.cleaned_data["before"] if cursor.is_valid() else None
    post_ids, next_cursor = queries.list_hashtag_post_ids(
        request.user, hashtag, before=before
    )
    context = {
        "hashtag": hashtag,
        "posts": queries.get_post_cards(request.user, post_ids),
        "next_cursor": next_cursor,
        "more_url": reverse("posts:hashtag", args=[hashtag.name]),
    }
    if request.htmx and before is not None:
        return render(request, "posts/hashtag_detail.html#page", context)
    context["post_count"] = queries.count_hashtag_posts(request.user, hashtag)
    context["is_following"] = queries.is_following_hashtag(request.user, hashtag)
    return render(request, "posts/hashtag_detail.html", context)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def hashtag_follow(request: AuthedRequest, name: str) -> HttpResponse:
    form = ToggleForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(field="on")
    with transaction.atomic(durable=True):
        hashtag = check_follow_hashtag(
            request.user, name, follow=form.cleaned_data["on"]
        )
    if request.htmx:
        context = {"hashtag": hashtag, "is_following": form.cleaned_data["on"]}
        return render(request, "posts/hashtag_detail.html#follow", context)
    return redirect("posts:hashtag", name=hashtag.name)
