"""The bookmarklet: "send this page to listening" from the bookmarks bar.

A ``javascript:`` link a colleague drags to their bookmarks bar. Clicked
on any page, it opens Plein's submit page in a new tab (or, where pop-ups
are blocked, in the same one) with the page's address, its title and the
selected text as the note filled in: ``/listening/submit/?url=&title=&note=``.
It runs on the other site and only navigates to Plein, so Plein's Content
Security Policy is not involved; on Plein's own page it does nothing when
clicked (inline script is refused there), it is only dragged.
"""

import json
from urllib.parse import quote

from django.conf import settings
from django.urls import reverse

from plein.listening.mentions.actions import NOTE_MAX_LENGTH

# A browser percent-decodes a javascript: URL before running it: escape
# "%" and white space, keep the code readable otherwise.
_SAFE = "!#$&'()*+,-./:;=?@[]_~{}|\"<>^`"


def build_bookmarklet() -> str:
    """The bookmarklet's href, pointing at this Plein's submit page."""
    target = json.dumps(settings.SITE_URL + reverse("mentions:submit"))
    code = (
        "(function(){"
        "var e=encodeURIComponent;"
        f"var u={target}"
        "+'?url='+e(location.href)"
        "+'&title='+e(document.title)"
        f"+'&note='+e(String(window.getSelection()).slice(0,{NOTE_MAX_LENGTH}));"
        "var w=window.open(u,'_blank');"
        "if(w){w.opener=null}else{location.href=u}"
        "})()"
    )
    return "javascript:" + quote(code, safe=_SAFE)
