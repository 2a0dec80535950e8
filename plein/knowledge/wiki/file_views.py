"""A wiki page's files: the list, the upload form, and serving a file.

Reading goes through ``access_page``/``access_page_file`` (a page one may
not read is a 404), uploading through ``check_upload_page_file`` inside a
durable transaction. The upload form also sits on the page and in its
editor; with htmx it swaps in place (``wiki/_files.html``) and shows the
Markdown to paste, so the text being edited is kept.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from plein.access.wiki import access_page, access_page_file, can_edit_page
from plein.core.errors import Forbidden, InvalidInput, NotFound
from plein.core.forms import add_action_error
from plein.knowledge.wiki import queries
from plein.knowledge.wiki.actions import check_upload_page_file
from plein.knowledge.wiki.forms import PageFileForm
from plein.people.http import AuthedRequest

# Ids of the upload form's fields: it shares the editor's page, whose form
# owns id_title, id_body and the like.
UPLOAD_AUTO_ID = "upload_%s"


def files_context(
    user: Any, page: Any, *, form: Any = None, uploaded: Any = None, alt: str = ""
) -> dict[str, Any]:
    """What ``wiki/_files.html`` shows: the files, their Markdown, the form."""
    may_edit = can_edit_page(user, page)
    files = [
        {"file": page_file, "markdown": queries.file_markdown(page_file)}
        for page_file in queries.page_files(user, page)
    ]
    context: dict[str, Any] = {
        "page": page,
        "page_files": files,
        "may_upload": may_edit,
        "upload_form": None,
        "uploaded": None,
    }
    if may_edit:
        context["upload_form"] = form or PageFileForm(auto_id=UPLOAD_AUTO_ID)
    if uploaded is not None:
        context["uploaded"] = {
            "file": uploaded,
            "markdown": queries.file_markdown(uploaded, alt),
        }
    return context


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def page_files(request: AuthedRequest, page_id: int) -> HttpResponse:
    """List a page's files; editors upload one (multipart, field ``file``).

    A successful upload answers with the Markdown that shows the file in
    the text. A refused file is a field error. Whoever may read the page but
    not change it gets 403 on POST; whoever may not read it, 404.
    """
    user = request.user
    page = access_page(user, page_id)
    form = None
    uploaded = None
    alt = ""
    if request.method == "POST":
        if not can_edit_page(user, page):
            raise Forbidden(_("Only those who may edit the page can add files to it."))
        form = PageFileForm(request.POST, request.FILES, auto_id=UPLOAD_AUTO_ID)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                with transaction.atomic(durable=True):
                    uploaded = check_upload_page_file(
                        user,
                        page,
                        filename=upload.name or "",
                        content_type=upload.content_type or "",
                        data=upload.read(),
                    )
            except InvalidInput as error:
                add_action_error(form, error)
            else:
                alt = form.cleaned_data["alt"]
                form = None  # a fresh form for the next file
    context = files_context(user, page, form=form, uploaded=uploaded, alt=alt)
    if request.htmx:
        return render(request, "wiki/_files.html", context)
    from plein.knowledge.wiki.views import _breadcrumbs

    context["crumbs"] = _breadcrumbs(user, page)
    return render(request, "wiki/page_files.html", context)


@login_required
@require_GET
def page_file_download(request: AuthedRequest, file_id: int) -> FileResponse:
    """Serve a page's file through ``access_page_file``.

    Images are shown inline (they appear in the page); everything else is a
    download. ``nosniff`` and a sandboxing CSP keep a browser from running
    anything in it.
    """
    page_file = access_page_file(request.user, file_id)
    try:
        handle = page_file.file.open("rb")
    except FileNotFoundError:
        raise NotFound() from None
    response = FileResponse(
        handle,
        as_attachment=not page_file.is_image,
        filename=page_file.filename,
        content_type=page_file.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
