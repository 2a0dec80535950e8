"""The access matrix: who may do what to which object, as ONE table.

Each line of ``TABLE`` is one (object, action) row with the outcome expected
for every role, in the order of ``ROLES``. ``PROBES`` says, for each kind of
object and each action, which HTML views and API operations the test drives
to observe that outcome. ``NOT_OBJECT_URLS`` lists the routes that show or
change no object of the matrix, each with its reason. tests/access/test_matrix.py
checks every cell and fails when a URL pattern or API operation appears in
neither ``PROBES`` nor ``NOT_OBJECT_URLS``. docs/testing-access.md explains
how to add a row.

Outcomes:
  ok     allowed (2xx, or a redirect that is not to the login page); for
         ``list``/``search``/``export``: the object appears there
  404    not found (missing and forbidden answer alike); for
         ``list``/``search``/``export``: the object does not appear
  403    visible but the action is refused
  login  sent to the login page (HTML) or 401 (API)
  -      the action does not apply to this object (no probe runs)
"""

from dataclasses import dataclass, field

OK, NOT_FOUND, FORBIDDEN, LOGIN, NA = "ok", "404", "403", "login", "-"

ROLES = (
    "anonymous",  # not logged in
    "member",  # member of all three groups (not their admin, not the author)
    "non_member",  # colleague outside the groups
    "group_admin",  # admin of all three groups (not the author)
    "moderator",  # Role.MODERATOR, in no group
    "org_admin",  # Role.ADMIN, in no group
    "compliance",  # Role.COMPLIANCE, in no group (eDiscovery pages only)
    "deactivated",  # was a member of all three groups, then deactivated
    "guest",  # Role.GUEST, member of the closed group only
)

# Object name -> kind (the kind chooses the probes). The world is built in
# tests/access/conftest.py: "Olga" owns the three groups and wrote every
# post and comment; the file hangs on the closed group's post.
OBJECTS = {
    "open_post": "group_post",
    "closed_post": "group_post",
    "secret_post": "group_post",
    "profile_post": "profile_post",
    "addressed_post": "profile_post",  # restricted: addressed to Otto only
    "withheld_post": "group_post",  # open group, hidden by a moderator
    "open_comment": "comment",
    "closed_comment": "comment",
    "secret_comment": "comment",
    "profile_comment": "comment",
    "withheld_comment": "comment",  # on the open post, hidden by a moderator
    "file": "file",
    "person": "person",  # Olga, who shares the closed group with the guest
    "outsider": "person",  # Otto, a colleague in no group
    "former": "person",  # Fien, deactivated
    "open_group": "group",
    "closed_group": "group",
    "secret_group": "group",
    # Hashtags used only on the post of that name (#zqtagopen, ...).
    "open_tag": "hashtag",
    "closed_tag": "hashtag",
    "secret_tag": "hashtag",
    "withheld_tag": "hashtag",
    # Wiki pages (plein.knowledge.wiki), each with a file: organisation-wide
    # and one in each group's wiki.
    "org_page": "wiki_page",
    "open_page": "wiki_page",
    "closed_page": "wiki_page",
    "secret_page": "wiki_page",
    # Questions (plein.knowledge.qna), one in each group, each with an
    # answer by Olga. "comment" is answering, "react" voting for her answer
    # and inviting, "moderate" accepting the answer (asker or group admin).
    "open_question": "question",
    "closed_question": "question",
    "secret_question": "question",
    # Polls and quizzes (plein.engagement.polls): in each group a named poll
    # and a quiz by Pia, a member. "react" is voting and taking the quiz, "moderate"
    # closing the poll (its author or a group admin).
    "open_poll": "poll",
    "closed_poll": "poll",
    "secret_poll": "poll",
    # Kudos (plein.engagement.kudos): Kim praises each group as a team, in
    # that group; and one of the organisation's values.
    "open_kudos": "kudos",
    "closed_kudos": "kudos",
    "secret_kudos": "kudos",
    "value": "kudos_value",
    # Events (plein.engagement.events): Olga's event in each group. "react"
    # is answering (RSVP), "moderate" inviting a group, changing the time or
    # place and cancelling (the organiser or a group admin).
    "open_event": "event",
    "closed_event": "event",
    "secret_event": "event",
    # A pulse survey (plein.engagement.surveys) sent to the closed group by a
    # moderator, with its first round open. The round's audience is fixed
    # when it opens, before the role under test joins the world, so no
    # persona is invited: answering is 404 for all (the invited case is in
    # plein/engagement/surveys/tests). "react" is answering, "edit" pausing,
    # "export" the results and their CSV: those who run surveys only.
    "survey": "survey",
    # A vacancy (plein.careers.vacancies) for the whole organisation by Vera,
    # a moderator (HR), and Anouk's application to it. "react" is applying,
    # "moderate" changing and closing it (HR and its hiring manager); an
    # application is seen and moved by HR only here (its confidentiality
    # towards the applicant's manager is in careers/vacancies/tests).
    "vacancy": "vacancy",
    "application": "application",
    # A client watch (plein.listening.watches) whose account team is the
    # closed group, with one mention it found: communications manage it;
    # the team (but not its guest) reads it and its mentions.
    "client_watch": "watch",
    # A mention for triage (plein.listening.triage) with a note by Cora of
    # communications. Communications (moderators, org admins) triage it:
    # "edit" is changing its state, writing a note and opening "Discuss
    # internally"; everyone else 404. Only its author changes a note.
    "triage_mention": "mention",
    "mention_note": "mention_note",
}

ACTIONS = (
    "view",
    "list",
    "search",
    "comment",
    "react",  # also bookmark, follow and report
    "edit",
    "export",
    "moderate",  # decision page (hide, restore): moderators, group admins; others 404
    "delete",
)

# One line per (object, action). Columns follow ROLES:
# object          action    anon    member  non_mem g_admin moder   org_adm compl   deact   guest
TABLE = """
open_post         view      login   ok      ok      ok      ok      ok      ok      login   404
open_post         list      login   ok      ok      ok      ok      ok      ok      login   404
open_post         search    login   ok      ok      ok      ok      ok      ok      login   404
open_post         comment   login   ok      ok      ok      ok      ok      ok      login   404
open_post         react     login   ok      ok      ok      ok      ok      ok      login   404
open_post         edit      login   403     403     403     403     403     403     login   404
open_post         export    login   404     404     404     404     404     404     login   404
open_post         moderate  login   404     404     ok      ok      ok      404     login   404
open_post         delete    login   403     403     ok      ok      ok      403     login   404
closed_post       view      login   ok      404     ok      404     404     404     login   ok
closed_post       list      login   ok      404     ok      404     404     404     login   ok
closed_post       search    login   ok      404     ok      404     404     404     login   ok
closed_post       comment   login   ok      404     ok      404     404     404     login   ok
closed_post       react     login   ok      404     ok      404     404     404     login   ok
closed_post       edit      login   403     404     403     404     404     404     login   403
closed_post       export    login   404     404     404     404     404     404     login   404
closed_post       moderate  login   404     404     ok      404     404     404     login   404
closed_post       delete    login   403     404     ok      404     404     404     login   403
secret_post       view      login   ok      404     ok      404     404     404     login   404
secret_post       list      login   ok      404     ok      404     404     404     login   404
secret_post       search    login   ok      404     ok      404     404     404     login   404
secret_post       comment   login   ok      404     ok      404     404     404     login   404
secret_post       react     login   ok      404     ok      404     404     404     login   404
secret_post       edit      login   403     404     403     404     404     404     login   404
secret_post       export    login   404     404     404     404     404     404     login   404
secret_post       moderate  login   404     404     ok      404     404     404     login   404
secret_post       delete    login   403     404     ok      404     404     404     login   404
profile_post      view      login   ok      ok      ok      ok      ok      ok      login   404
profile_post      list      login   ok      ok      ok      ok      ok      ok      login   404
profile_post      search    login   ok      ok      ok      ok      ok      ok      login   404
profile_post      comment   login   ok      ok      ok      ok      ok      ok      login   404
profile_post      react     login   ok      ok      ok      ok      ok      ok      login   404
profile_post      edit      login   403     403     403     403     403     403     login   404
profile_post      export    login   404     404     404     404     404     404     login   404
profile_post      moderate  login   404     404     404     ok      ok      404     login   404
profile_post      delete    login   403     403     403     ok      ok      403     login   404
open_comment      view      login   ok      ok      ok      ok      ok      ok      login   404
open_comment      list      login   ok      ok      ok      ok      ok      ok      login   404
open_comment      search    login   ok      ok      ok      ok      ok      ok      login   404
open_comment      comment   login   ok      ok      ok      ok      ok      ok      login   404
open_comment      react     login   ok      ok      ok      ok      ok      ok      login   404
open_comment      edit      login   403     403     403     403     403     403     login   404
open_comment      moderate  login   404     404     ok      ok      ok      404     login   404
open_comment      delete    login   403     403     ok      ok      ok      403     login   404
closed_comment    view      login   ok      404     ok      404     404     404     login   ok
closed_comment    list      login   ok      404     ok      404     404     404     login   ok
closed_comment    search    login   ok      404     ok      404     404     404     login   ok
closed_comment    comment   login   ok      404     ok      404     404     404     login   ok
closed_comment    react     login   ok      404     ok      404     404     404     login   ok
closed_comment    edit      login   403     404     403     404     404     404     login   403
closed_comment    moderate  login   404     404     ok      404     404     404     login   404
closed_comment    delete    login   403     404     ok      404     404     404     login   403
secret_comment    view      login   ok      404     ok      404     404     404     login   404
secret_comment    list      login   ok      404     ok      404     404     404     login   404
secret_comment    search    login   ok      404     ok      404     404     404     login   404
secret_comment    comment   login   ok      404     ok      404     404     404     login   404
secret_comment    react     login   ok      404     ok      404     404     404     login   404
secret_comment    edit      login   403     404     403     404     404     404     login   404
secret_comment    moderate  login   404     404     ok      404     404     404     login   404
secret_comment    delete    login   403     404     ok      404     404     404     login   404
profile_comment   view      login   ok      ok      ok      ok      ok      ok      login   404
profile_comment   list      login   ok      ok      ok      ok      ok      ok      login   404
profile_comment   search    login   ok      ok      ok      ok      ok      ok      login   404
profile_comment   comment   login   ok      ok      ok      ok      ok      ok      login   404
profile_comment   react     login   ok      ok      ok      ok      ok      ok      login   404
profile_comment   edit      login   403     403     403     403     403     403     login   404
profile_comment   moderate  login   404     404     404     ok      ok      404     login   404
profile_comment   delete    login   403     403     403     ok      ok      403     login   404
addressed_post    view      login   404     404     404     404     404     404     login   404
addressed_post    list      login   404     404     404     404     404     404     login   404
addressed_post    search    login   404     404     404     404     404     404     login   404
addressed_post    comment   login   404     404     404     404     404     404     login   404
addressed_post    react     login   404     404     404     404     404     404     login   404
addressed_post    edit      login   404     404     404     404     404     404     login   404
addressed_post    export    login   404     404     404     404     404     404     login   404
addressed_post    moderate  login   404     404     404     404     404     404     login   404
addressed_post    delete    login   404     404     404     404     404     404     login   404
withheld_post     view      login   404     404     404     404     404     404     login   404
withheld_post     list      login   404     404     404     404     404     404     login   404
withheld_post     search    login   404     404     404     404     404     404     login   404
withheld_post     comment   login   404     404     404     404     404     404     login   404
withheld_post     react     login   404     404     404     404     404     404     login   404
withheld_post     edit      login   404     404     404     404     404     404     login   404
withheld_post     export    login   404     404     404     404     404     404     login   404
withheld_post     moderate  login   404     404     404     404     404     404     login   404
withheld_post     delete    login   404     404     404     404     404     404     login   404
withheld_comment  view      login   404     404     404     404     404     404     login   404
withheld_comment  list      login   404     404     404     404     404     404     login   404
withheld_comment  search    login   404     404     404     404     404     404     login   404
withheld_comment  comment   login   404     404     404     404     404     404     login   404
withheld_comment  react     login   404     404     404     404     404     404     login   404
withheld_comment  edit      login   404     404     404     404     404     404     login   404
withheld_comment  moderate  login   404     404     404     404     404     404     login   404
withheld_comment  delete    login   404     404     404     404     404     404     login   404
file              view      login   ok      404     ok      404     404     404     login   ok
file              list      login   ok      404     ok      404     404     404     login   ok
person            view      login   ok      ok      ok      ok      ok      ok      login   ok
person            list      login   ok      ok      ok      ok      ok      ok      login   ok
person            search    login   ok      ok      ok      ok      ok      ok      login   ok
person            export    login   404     404     404     404     ok      ok      login   404
person            delete    login   403     403     403     403     ok      403     login   403
outsider          view      login   ok      ok      ok      ok      ok      ok      login   404
outsider          list      login   ok      ok      ok      ok      ok      ok      login   404
outsider          search    login   ok      ok      ok      ok      ok      ok      login   404
former            view      login   404     404     404     404     ok      404     login   404
former            list      login   404     404     404     404     ok      404     login   404
former            search    login   404     404     404     404     ok      404     login   404
open_group        view      login   ok      ok      ok      ok      ok      ok      login   404
open_group        list      login   ok      ok      ok      ok      ok      ok      login   404
open_group        search    login   ok      ok      ok      ok      ok      ok      login   404
open_group        edit      login   403     403     ok      403     ok      403     login   404
closed_group      view      login   ok      ok      ok      ok      ok      ok      login   ok
closed_group      list      login   ok      ok      ok      ok      ok      ok      login   ok
closed_group      search    login   ok      ok      ok      ok      ok      ok      login   ok
closed_group      edit      login   403     403     ok      403     ok      403     login   403
secret_group      view      login   ok      404     ok      404     404     404     login   404
secret_group      list      login   ok      404     ok      404     404     404     login   404
secret_group      search    login   ok      404     ok      404     404     404     login   404
secret_group      edit      login   403     404     ok      404     404     404     login   404
# "export": the group's insights dashboard, its CSV and API figures
# (plein/access/insights.py): its admins; org admins and moderators unless
# the group is secret.
open_group        export    login   403     403     ok      ok      ok      403     login   404
closed_group      export    login   403     403     ok      ok      ok      403     login   403
secret_group      export    login   403     404     ok      404     404     404     login   404
open_tag          view      login   ok      ok      ok      ok      ok      ok      login   404
open_tag          react     login   ok      ok      ok      ok      ok      ok      login   404
closed_tag        view      login   ok      404     ok      404     404     404     login   ok
closed_tag        react     login   ok      404     ok      404     404     404     login   ok
secret_tag        view      login   ok      404     ok      404     404     404     login   404
secret_tag        react     login   ok      404     ok      404     404     404     login   404
withheld_tag      view      login   404     404     404     404     404     404     login   404
withheld_tag      react     login   404     404     404     404     404     404     login   404
open_tag          search    login   ok      ok      ok      ok      ok      ok      login   404
closed_tag        search    login   ok      404     ok      404     404     404     login   ok
secret_tag        search    login   ok      404     ok      404     404     404     login   404
withheld_tag      search    login   404     404     404     404     404     404     login   404
org_page          view      login   ok      ok      ok      ok      ok      ok      login   404
org_page          list      login   ok      ok      ok      ok      ok      ok      login   404
org_page          search    login   ok      ok      ok      ok      ok      ok      login   404
org_page          edit      login   ok      ok      ok      ok      ok      ok      login   404
org_page          delete    login   403     403     403     403     ok      403     login   404
open_page         view      login   ok      ok      ok      ok      ok      ok      login   404
open_page         list      login   ok      ok      ok      ok      ok      ok      login   404
open_page         search    login   ok      ok      ok      ok      ok      ok      login   404
open_page         edit      login   ok      403     ok      403     403     403     login   404
open_page         delete    login   403     403     ok      403     ok      403     login   404
closed_page       view      login   ok      404     ok      404     404     404     login   ok
closed_page       list      login   ok      404     ok      404     404     404     login   ok
closed_page       search    login   ok      404     ok      404     404     404     login   ok
closed_page       edit      login   ok      404     ok      404     404     404     login   ok
closed_page       delete    login   403     404     ok      404     404     404     login   403
secret_page       view      login   ok      404     ok      404     404     404     login   404
secret_page       list      login   ok      404     ok      404     404     404     login   404
secret_page       search    login   ok      404     ok      404     404     404     login   404
secret_page       edit      login   ok      404     ok      404     404     404     login   404
secret_page       delete    login   403     404     ok      404     404     404     login   404
org_page          react     login   ok      ok      ok      ok      ok      ok      login   404
open_page         react     login   ok      ok      ok      ok      ok      ok      login   404
closed_page       react     login   ok      404     ok      404     404     404     login   ok
secret_page       react     login   ok      404     ok      404     404     404     login   404
open_question     view      login   ok      ok      ok      ok      ok      ok      login   404
open_question     list      login   ok      ok      ok      ok      ok      ok      login   404
open_question     search    login   ok      ok      ok      ok      ok      ok      login   404
open_question     comment   login   ok      ok      ok      ok      ok      ok      login   404
open_question     react     login   ok      ok      ok      ok      ok      ok      login   404
open_question     moderate  login   403     403     ok      403     ok      403     login   404
closed_question   view      login   ok      404     ok      404     404     404     login   ok
closed_question   list      login   ok      404     ok      404     404     404     login   ok
closed_question   search    login   ok      404     ok      404     404     404     login   ok
closed_question   comment   login   ok      404     ok      404     404     404     login   ok
closed_question   react     login   ok      404     ok      404     404     404     login   ok
closed_question   moderate  login   403     404     ok      404     404     404     login   403
secret_question   view      login   ok      404     ok      404     404     404     login   404
secret_question   list      login   ok      404     ok      404     404     404     login   404
secret_question   search    login   ok      404     ok      404     404     404     login   404
secret_question   comment   login   ok      404     ok      404     404     404     login   404
secret_question   react     login   ok      404     ok      404     404     404     login   404
secret_question   moderate  login   403     404     ok      404     404     404     login   404
open_poll         view      login   ok      ok      ok      ok      ok      ok      login   404
open_poll         list      login   ok      ok      ok      ok      ok      ok      login   404
open_poll         react     login   ok      ok      ok      ok      ok      ok      login   404
open_poll         moderate  login   403     403     ok      403     ok      403     login   404
closed_poll       view      login   ok      404     ok      404     404     404     login   ok
closed_poll       list      login   ok      404     ok      404     404     404     login   ok
closed_poll       react     login   ok      404     ok      404     404     404     login   ok
closed_poll       moderate  login   403     404     ok      404     404     404     login   403
secret_poll       view      login   ok      404     ok      404     404     404     login   404
secret_poll       list      login   ok      404     ok      404     404     404     login   404
secret_poll       react     login   ok      404     ok      404     404     404     login   404
secret_poll       moderate  login   403     404     ok      404     404     404     login   404
open_kudos        view      login   ok      ok      ok      ok      ok      ok      login   404
open_kudos        list      login   ok      ok      ok      ok      ok      ok      login   404
closed_kudos      view      login   ok      404     ok      404     404     404     login   ok
closed_kudos      list      login   ok      404     ok      404     404     404     login   ok
secret_kudos      view      login   ok      404     ok      404     404     404     login   404
secret_kudos      list      login   ok      404     ok      404     404     404     login   404
value             view      login   ok      ok      ok      ok      ok      ok      login   ok
value             edit      login   404     404     404     404     ok      404     login   404
open_event        view      login   ok      ok      ok      ok      ok      ok      login   404
open_event        list      login   ok      ok      ok      ok      ok      ok      login   404
open_event        react     login   ok      ok      ok      ok      ok      ok      login   404
open_event        moderate  login   403     403     ok      403     ok      403     login   404
closed_event      view      login   ok      404     ok      404     404     404     login   ok
closed_event      list      login   ok      404     ok      404     404     404     login   ok
closed_event      react     login   ok      404     ok      404     404     404     login   ok
closed_event      moderate  login   403     404     ok      404     404     404     login   403
secret_event      view      login   ok      404     ok      404     404     404     login   404
secret_event      list      login   ok      404     ok      404     404     404     login   404
secret_event      react     login   ok      404     ok      404     404     404     login   404
secret_event      moderate  login   403     404     ok      404     404     404     login   404
survey            view      login   404     404     404     ok      ok      404     login   404
survey            list      login   404     404     404     ok      ok      404     login   404
survey            react     login   404     404     404     404     404     404     login   404
survey            edit      login   404     404     404     ok      ok      404     login   404
survey            export    login   404     404     404     ok      ok      404     login   404
vacancy           view      login   ok      ok      ok      ok      ok      ok      login   404
vacancy           list      login   ok      ok      ok      ok      ok      ok      login   404
vacancy           react     login   ok      ok      ok      ok      ok      ok      login   404
vacancy           moderate  login   403     403     403     ok      ok      403     login   404
application       view      login   404     404     404     ok      ok      404     login   404
application       edit      login   404     404     404     ok      ok      404     login   404
client_watch      view      login   ok      404     ok      ok      ok      404     login   404
client_watch      list      login   ok      404     ok      ok      ok      404     login   404
client_watch      edit      login   403     404     403     ok      ok      404     login   404
client_watch      delete    login   403     404     403     ok      ok      404     login   404
triage_mention    view      login   404     404     404     ok      ok      404     login   404
triage_mention    list      login   404     404     404     ok      ok      404     login   404
triage_mention    edit      login   404     404     404     ok      ok      404     login   404
mention_note      view      login   404     404     404     ok      ok      404     login   404
mention_note      edit      login   404     404     404     403     403     404     login   404
mention_note      delete    login   404     404     404     403     403     404     login   404
"""


# Cells where the product is known to be wrong: (object, action, role) ->
# what leaks. The test still runs them; it passes while they stay wrong and
# fails once one is fixed, asking to remove the line (like a strict xfail).
def _leak(obj: str, actions: str, roles: str, what: str) -> dict:
    return {
        (obj, action, role): what
        for action in actions.split()
        for role in roles.split()
    }


KNOWN_LEAKS: dict[tuple[str, str, str], str] = {}


def parse_table(text: str = TABLE) -> dict[tuple[str, str], dict[str, str]]:
    """{(object, action): {role: outcome}}, refusing malformed lines."""
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for number, line in enumerate(text.strip().splitlines(), start=1):
        cells = line.split()
        if not cells or cells[0].startswith("#"):
            continue
        obj, action, *outcomes = cells
        assert obj in OBJECTS, f"TABLE line {number}: unknown object {obj!r}"
        assert action in ACTIONS, f"TABLE line {number}: unknown action {action!r}"
        assert len(outcomes) == len(ROLES), (
            f"TABLE line {number}: {len(outcomes)} outcomes for {len(ROLES)} roles"
        )
        assert set(outcomes) <= {OK, NOT_FOUND, FORBIDDEN, LOGIN, NA}, (
            f"TABLE line {number}: unknown outcome in {outcomes}"
        )
        assert (obj, action) not in rows, f"TABLE line {number}: duplicate row"
        rows[obj, action] = dict(zip(ROLES, outcomes, strict=True))
    return rows


@dataclass(frozen=True)
class Probe:
    """One request that observes a cell.

    ``route`` is a URL name ("posts:detail") or an API operation
    ("GET /api/v1/posts/{post_id}"). ``args`` name the object's parameters
    the URL takes; ``query``/``data`` are formatted with the object's
    parameters ("{marker}"). ``check``:
      "status"   the answer's status is the outcome
      "contains" ok when the answer shows the object's ``needle`` text
      "absent"   like "contains", but a visible object need not be listed
                 there (the home feed): only leaks are checked
    """

    route: str
    args: tuple[str, ...] = ()
    check: str = "status"
    query: dict[str, str] = field(default_factory=dict)
    data: dict[str, str] | None = None  # HTML: None = GET, a dict = POST
    needle: str = "needle"  # which of the object's parameters proves it is shown

    @property
    def is_api(self) -> bool:
        return self.route.split(" ", 1)[0] in {"GET", "POST", "PATCH", "PUT", "DELETE"}


def html(route: str, *args: str, **kwargs) -> Probe:
    return Probe(route, args, **kwargs)


def api(route: str, **kwargs) -> Probe:
    return Probe(route, **kwargs)


SEARCH = {"q": "{marker}"}
HASHTAG_SEARCH = Probe(
    "GET /api/v1/search/hashtags",
    check="contains",
    query={"q": "{name}"},
    needle="name",
)
CSV_EXPORTS = (
    html("announcements:overdue-csv", check="contains"),
    html("mail-report:report-csv", check="contains"),
    html("guidelines:acceptances_csv", check="contains"),
    html("compliance:audit_export", check="contains"),
)

# "This helped me" (recognition) on a post: set, then taken back.
HELPED_POST = (
    html("recognition:helped-post", "post_id", data={"on": "1"}),
    api("POST /api/v1/recognition/posts/{post_id}/helped"),
    api("DELETE /api/v1/recognition/posts/{post_id}/helped"),
)

# Offering a post for the public wall (plein.branding.wall): its author only.
WALL_OFFER = (
    html("wall:offer", "post_id", data={"offered": "1"}),
    api("POST /api/v1/posts/{post_id}/wall-offer", data={"offered": "true"}),
)

PROBES: dict[tuple[str, str], tuple[Probe, ...]] = {
    ("watch", "view"): (
        html("listening_watches:detail", "watch_id"),
        html("listening_watches:mention", "watch_id", "mention_id"),
        api("GET /api/v1/watches/{watch_id}"),
    ),
    ("watch", "list"): (
        html("listening_watches:list", check="contains"),
        api("GET /api/v1/watches", check="contains"),
        # The mentions it found: on its page and in the API's watch filter.
        html(
            "listening_watches:detail",
            "watch_id",
            check="contains",
            needle="mention_needle",
        ),
        api(
            "GET /api/v1/mentions",
            query={"watch": "{watch_id}"},
            check="contains",
            needle="mention_needle",
        ),
    ),
    ("watch", "edit"): (
        html("listening_watches:edit", "watch_id"),
        html("listening_watches:active", "watch_id", data={"is_active": "1"}),
        html("listening_watches:subscribe", "watch_id", data={"subscribed": "1"}),
        api("PATCH /api/v1/watches/{watch_id}", data={"name": "Zqwatch Pfwatch"}),
    ),
    ("watch", "delete"): (html("listening_watches:delete", "watch_id", data={}),),
    ("mention", "view"): (
        html("listening_triage:mention", "mention_id"),
        api("GET /api/v1/mentions/{mention_id}/notes"),
    ),
    ("mention", "list"): (
        html("listening_triage:stream", check="contains"),
        api("GET /api/v1/triage", check="contains"),
    ),
    ("mention", "edit"): (
        html("listening_triage:change", "mention_id", data={"state": "ignored"}),
        api(
            "PATCH /api/v1/mentions/{mention_id}/triage",
            data={"state": "ignored"},
        ),
        html("listening_triage:note-add", "mention_id", data={"text": "zqnote"}),
        api("POST /api/v1/mentions/{mention_id}/notes", data={"text": "zqnote"}),
        html("listening_triage:discuss", "mention_id"),
    ),
    ("mention_note", "view"): (
        api("GET /api/v1/mentions/{mention_id}/notes", check="contains"),
    ),
    ("mention_note", "edit"): (
        html("listening_triage:note-edit", "note_id"),
        api("PATCH /api/v1/mention-notes/{note_id}", data={"text": "zq"}),
    ),
    ("mention_note", "delete"): (
        html("listening_triage:note-delete", "note_id", data={}),
        api("DELETE /api/v1/mention-notes/{note_id}"),
    ),
    ("vacancy", "view"): (
        html("vacancies:detail", "post_id"),
        api("GET /api/v1/vacancies/{post_id}"),
    ),
    ("vacancy", "list"): (
        html("vacancies:index", check="contains"),
        api("GET /api/v1/vacancies", check="contains"),
    ),
    # Applying once per world: the API's apply is in careers/vacancies/tests.
    ("vacancy", "react"): (
        html(
            "vacancies:apply",
            "post_id",
            data={"motivation": "Graag", "manager_sees_from": "submitted"},
        ),
    ),
    ("vacancy", "moderate"): (
        html("vacancies:edit", "post_id"),
        api("PATCH /api/v1/vacancies/{post_id}", data={"location": "Zaal 2"}),
        # Last: a closed vacancy takes no more applications.
        api(
            "POST /api/v1/vacancies/{post_id}/close",
            data={"status": "filled", "hired_from": "internal"},
        ),
    ),
    ("application", "view"): (
        html("vacancies:application", "application_id"),
        api("GET /api/v1/vacancy-applications/{application_id}"),
    ),
    ("application", "edit"): (
        html(
            "vacancies:application-move", "application_id", data={"status": "in_review"}
        ),
        api(
            "PATCH /api/v1/vacancy-applications/{application_id}",
            data={"status": "interview"},
        ),
    ),
    ("event", "view"): (
        html("events:detail", "post_id"),
        html("events:ics", "post_id"),
        api("GET /api/v1/events/{post_id}"),
        api("GET /api/v1/calendar/{post_id}.ics"),
    ),
    ("event", "list"): (
        html("events:index", check="contains"),
        api("GET /api/v1/events", check="contains"),
    ),
    ("event", "react"): (
        html("events:rsvp", "post_id", data={"answer": "yes"}),
        api("POST /api/v1/events/{post_id}/rsvp", data={"answer": "maybe"}),
    ),
    ("event", "moderate"): (
        html("events:invite", "post_id", data={"group": "{group_id}"}),
        html("events:edit", "post_id"),
        html("events:cancel", "post_id"),
        api("PATCH /api/v1/events/{post_id}", data={"location": "Zaal 2"}),
        # Last: a cancelled event takes no more changes.
        api("POST /api/v1/events/{post_id}/cancel", data={}),
    ),
    # Posts in a group.
    ("group_post", "view"): (
        html("posts:detail", "post_id"),
        html("posts:history", "post_id"),
        api("GET /api/v1/posts/{post_id}"),
        api("GET /api/v1/recognition/posts/{post_id}/helped"),
    ),
    ("group_post", "list"): (
        html("groups:detail", "slug", check="contains"),
        html("posts:hashtag", "name", check="contains"),
        html("feed:home", check="absent"),
        api("GET /api/v1/groups/{group_id}/posts", check="contains"),
        api("GET /api/v1/feed", check="absent"),
    ),
    ("group_post", "search"): (
        html("search:results", check="contains", query=SEARCH),
        api("GET /api/v1/search", check="contains", query=SEARCH),
        api("GET /api/v1/search", check="contains", query={"q": "#{name}"}),
        # A hashtag used only where the reader cannot look must not exist for them.
        HASHTAG_SEARCH,
    ),
    ("group_post", "comment"): (
        html("posts:comment-create", "post_id", data={"body": "Reactie {marker}"}),
        api("POST /api/v1/posts/{post_id}/comments", data={"body": "API {marker}"}),
    ),
    ("group_post", "react"): (
        html("posts:react", "post_id", data={"kind": "like"}),
        html("posts:bookmark", "post_id", data={"on": "1"}),
        html("posts:follow", "post_id", data={"on": "1"}),
        api("POST /api/v1/posts/{post_id}/reactions", data={"kind": "celebrate"}),
        html("moderation:report-post", "post_id"),  # GET: the report form
        api("POST /api/v1/posts/{post_id}/bookmark"),
        api("DELETE /api/v1/posts/{post_id}/bookmark"),
        *HELPED_POST,
    ),
    ("group_post", "edit"): (
        html("posts:edit", "post_id"),
        api("PATCH /api/v1/posts/{post_id}", data={"body": "Changed"}),
        # Offering for the public wall is the author's, like editing.
        *WALL_OFFER,
    ),
    ("group_post", "export"): (
        html("announcements:receipts-csv", "post_id", check="contains"),
        *CSV_EXPORTS,
    ),
    ("group_post", "delete"): (
        html("posts:delete", "post_id"),  # GET: the confirmation page
        api("DELETE /api/v1/posts/{post_id}"),
    ),
    # Posts on a profile (no group).
    ("profile_post", "view"): (
        html("posts:detail", "post_id"),
        api("GET /api/v1/posts/{post_id}"),
        api("GET /api/v1/recognition/posts/{post_id}/helped"),
    ),
    ("profile_post", "list"): (
        html("people:profile", "handle", check="contains"),
        html("posts:hashtag", "name", check="contains"),
        html("feed:home", check="absent"),
        api("GET /api/v1/feed", check="absent"),
    ),
    ("profile_post", "search"): (
        html("search:results", check="contains", query=SEARCH),
        api("GET /api/v1/search", check="contains", query=SEARCH),
        HASHTAG_SEARCH,
    ),
    ("profile_post", "comment"): (
        html("posts:comment-create", "post_id", data={"body": "Reactie {marker}"}),
        api("POST /api/v1/posts/{post_id}/comments", data={"body": "API {marker}"}),
    ),
    ("profile_post", "react"): (
        html("posts:react", "post_id", data={"kind": "like"}),
        html("moderation:report-post", "post_id"),
        api("POST /api/v1/posts/{post_id}/reactions", data={"kind": "celebrate"}),
        *HELPED_POST,
    ),
    ("profile_post", "edit"): (
        html("posts:edit", "post_id"),
        api("PATCH /api/v1/posts/{post_id}", data={"body": "Changed"}),
        # Offering for the public wall is the author's, like editing.
        *WALL_OFFER,
    ),
    ("profile_post", "export"): CSV_EXPORTS,
    ("profile_post", "delete"): (
        html("posts:delete", "post_id"),
        api("DELETE /api/v1/posts/{post_id}"),
    ),
    # Comments (on each kind of post).
    ("comment", "view"): (
        html("posts:detail", "post_id", check="contains"),
        api("GET /api/v1/recognition/comments/{comment_id}/helped"),
    ),
    ("comment", "list"): (
        api("GET /api/v1/posts/{post_id}/comments", check="contains"),
    ),
    ("comment", "search"): (
        html("search:results", check="contains", query=SEARCH),
        api("GET /api/v1/search", check="contains", query=SEARCH),
    ),
    ("comment", "comment"): (
        html(
            "posts:comment-create",
            "post_id",
            data={"body": "Antwoord", "parent_id": "{comment_id}"},
        ),
        api(
            "POST /api/v1/posts/{post_id}/comments",
            data={"body": "API antwoord", "parent_id": "{comment_id}"},
        ),
    ),
    ("comment", "react"): (
        html("posts:comment-react", "comment_id", data={"kind": "like"}),
        html("moderation:report-comment", "comment_id"),
        # "This helped me" (recognition): set, then taken back.
        html("recognition:helped-comment", "comment_id", data={"on": "1"}),
        api("POST /api/v1/recognition/comments/{comment_id}/helped"),
        api("DELETE /api/v1/recognition/comments/{comment_id}/helped"),
    ),
    ("comment", "moderate"): (html("moderation:decide-comment", "comment_id"),),
    ("group_post", "moderate"): (html("moderation:decide-post", "post_id"),),
    ("profile_post", "moderate"): (html("moderation:decide-post", "post_id"),),
    ("comment", "edit"): (html("posts:comment-edit", "comment_id"),),
    ("comment", "delete"): (html("posts:comment-delete", "comment_id", data={}),),
    # Files.
    ("file", "view"): (
        html("posts:attachment", "attachment_id", "filename"),
        api("GET /api/v1/files/{file_id}"),
    ),
    ("file", "list"): (html("posts:detail", "post_id", check="contains"),),
    # People.
    ("person", "view"): (
        html("people:profile", "handle"),
        api("GET /api/v1/people/{person_id}"),
        api("GET /api/v1/expertise/people/{person_id}/endorsements"),
        api("GET /api/v1/me", check="absent"),
    ),
    ("person", "list"): (
        # The directory leaves deactivated people out even for admins (who
        # see them in people:manage), so it is checked for leaks only.
        html("people:directory", check="absent"),
        html("people:org-chart", check="absent"),
        api("GET /api/v1/people", check="contains"),
    ),
    ("person", "search"): (
        html("search:results", check="absent", query=SEARCH),
        api("GET /api/v1/search/people", check="contains", query=SEARCH),
        # @mention suggestions leave out deactivated people even for admins,
        # so only a leak counts there.
        html("people:mention-suggestions", check="absent", query=SEARCH),
    ),
    # The audit log names the people in it (actor, target, details) for
    # those who may read it; the other exports must not leak a person.
    ("person", "export"): (
        html("compliance:audit_export", check="contains"),
        *(
            Probe(probe.route, check="absent")
            for probe in CSV_EXPORTS
            if probe.route != "compliance:audit_export"
        ),
    ),
    ("person", "delete"): (
        # Deactivation: GET asks first, so the world stays as it is.
        html("people:manage-deactivate", "person_id"),
    ),
    # Groups.
    ("group", "view"): (
        html("groups:detail", "slug"),
        # A group's wiki answers like the group; a closed group's outsiders
        # get it without its pages (checked by the wiki_page rows).
        html("wiki:group-index", "slug"),
        html("groups:members", "slug", check="absent"),
        api("GET /api/v1/groups/{group_id}"),
    ),
    ("group", "list"): (
        html("groups:list", check="contains"),
        api("GET /api/v1/groups", check="contains"),
    ),
    ("group", "search"): (
        html("search:results", check="absent", query=SEARCH),
        api("GET /api/v1/search/groups", check="contains", query=SEARCH),
    ),
    ("hashtag", "view"): (html("posts:hashtag", "name"),),
    # The expertise finder: Olga's posts with the tag are her evidence.
    ("hashtag", "search"): (
        html(
            "expertise:search", check="contains", query={"q": "{name}"}, needle="expert"
        ),
        api(
            "GET /api/v1/expertise",
            check="contains",
            query={"q": "#{name}"},
            needle="name",
        ),
    ),
    ("hashtag", "react"): (html("posts:hashtag-follow", "name", data={"on": "1"}),),
    ("group", "edit"): (
        html("groups:edit", "slug"),
        html("groups:requests", "slug"),
    ),
    ("group", "export"): (
        html("insights:group", "slug"),
        html("insights:group-csv", "slug"),
        api("GET /api/v1/insights/groups/{group_id}"),
    ),
    # Wiki pages. Edits run in this order: PATCH from revision 1, then
    # restore, verify and move, which need no base revision.
    ("wiki_page", "view"): (
        api("GET /api/v1/recognition/pages/{page_id}/helped"),
        html("wiki:file", "file_id"),
        html("wiki:files", "page_id"),  # GET: the list of the page's files
        html("wiki:page", "page_id"),
        html("wiki:history", "page_id"),
        html("wiki:diff", "page_id"),
        html("wiki:revision", "page_id", "number"),
        html("wiki:preview", data={"body": "[[x]]", "page": "{page_id}"}),
        api("GET /api/v1/wiki/pages/{page_id}"),
        api("GET /api/v1/wiki/pages/{page_id}/history"),
        api("GET /api/v1/wiki/pages/{page_id}/revisions/{number}"),
        api(
            "GET /api/v1/wiki/pages/{page_id}/diff", query={"older": "1", "newer": "1"}
        ),
    ),
    ("wiki_page", "list"): (
        api("GET /api/v1/wiki/pages", check="contains"),
        # The tree and "Recently changed" (its last ten): checked for leaks.
        html("wiki:index", check="absent"),
    ),
    ("wiki_page", "search"): (
        html("search:results", check="contains", query=SEARCH),
        api("GET /api/v1/wiki/search", check="contains", query=SEARCH),
        # Expertise: the page's title words are its writer's evidence.
        api("GET /api/v1/expertise", check="contains", query={"q": "{needle}"}),
    ),
    ("wiki_page", "react"): (
        # "This helped me" (recognition): set, then taken back.
        html("recognition:helped-page", "page_id", data={"on": "1"}),
        api("POST /api/v1/recognition/pages/{page_id}/helped"),
        api("DELETE /api/v1/recognition/pages/{page_id}/helped"),
    ),
    ("wiki_page", "edit"): (
        api(
            "PATCH /api/v1/wiki/pages/{page_id}",
            data={"title": "{marker} {needle}", "body": "Nieuw", "base_revision": "1"},
        ),
        api("POST /api/v1/wiki/pages/{page_id}/restore", data={"number": "1"}),
        api("POST /api/v1/wiki/pages/{page_id}/verify", data={}),
        api("POST /api/v1/wiki/pages/{page_id}/move", data={}),
        html("wiki:edit", "page_id"),  # GET: the editor
        html("wiki:move", "page_id"),  # GET: the form
        html("wiki:verify", "page_id", data={}),
        html("wiki:restore", "page_id", "number", data={}),
        # POST without a file: editors get the form back with a field error.
        html("wiki:files", "page_id", data={}),
    ),
    # Questions and answers.
    ("question", "view"): (
        html("qna:detail", "post_id"),
        html("posts:detail", "post_id"),  # redirects to qna:detail
        api("GET /api/v1/questions/{post_id}"),
    ),
    ("question", "list"): (
        html("qna:index", check="contains"),
        html("qna:group-unanswered", "slug", check="contains"),
        api("GET /api/v1/questions", check="contains"),
    ),
    ("question", "search"): (
        html("search:results", check="contains", query=SEARCH),
        html("qna:suggest", check="contains", query={"title": "{marker}"}),
        api(
            "GET /api/v1/questions/related",
            check="contains",
            query={"text": "{marker}"},
        ),
    ),
    ("question", "comment"): (
        html("qna:answer", "post_id", data={"body": "Antwoord {marker}"}),
        api("POST /api/v1/questions/{post_id}/answers", data={"body": "API {marker}"}),
    ),
    ("question", "react"): (
        html("qna:vote", "answer_id", data={"on": "1"}),
        api("POST /api/v1/questions/answers/{answer_id}/vote"),
        api("DELETE /api/v1/questions/answers/{answer_id}/vote"),
        html("qna:invite", "post_id", data={"people": "{person_id}"}),
    ),
    ("question", "moderate"): (
        html("qna:accept", "post_id", data={"answer_id": "{answer_id}"}),
        api(
            "POST /api/v1/questions/{post_id}/accept", data={"answer_id": "{answer_id}"}
        ),
        api("DELETE /api/v1/questions/{post_id}/accept"),
    ),
    # Kudos: a kudos is a post; its own pages and the API answer the same.
    ("kudos", "view"): (
        html("posts:detail", "post_id"),
        api("GET /api/v1/kudos/{kudos_id}"),
    ),
    ("kudos", "list"): (
        html("kudos:index", check="contains"),
        api("GET /api/v1/kudos", check="contains"),
        api("GET /api/v1/kudos", check="contains", query={"team_id": "{group_id}"}),
    ),
    # Values: everyone signed in reads them, organisation admins change them.
    ("kudos_value", "view"): (
        api("GET /api/v1/values", check="contains"),
        html("kudos:index", check="contains", query={"value": "{value_id}"}),
    ),
    ("kudos_value", "edit"): (
        html("kudos:values"),
        html("kudos:value-edit", "value_id"),  # GET: the form
        api("PATCH /api/v1/values/{value_id}", data={"description_en": "Changed"}),
    ),
    # Polls and quizzes: each is a post; their boxes, votes and the API.
    ("survey", "view"): (
        html("surveys:detail", "survey_id"),
        api("GET /api/v1/surveys/{survey_id}"),
    ),
    ("survey", "list"): (
        html("surveys:list", check="contains"),
        api("GET /api/v1/surveys", check="contains"),
    ),
    ("survey", "react"): (
        html("surveys:respond", "survey_id", data={"enps": "5"}),
        api("POST /api/v1/surveys/{survey_id}/responses", data={"enps": "5"}),
    ),
    ("survey", "edit"): (
        html("surveys:set-active", "survey_id", data={"is_active": "1"}),
        api("PATCH /api/v1/surveys/{survey_id}", data={"is_active": "true"}),
    ),
    ("survey", "export"): (
        html("surveys:results", "survey_id"),
        html("surveys:results-csv", "survey_id"),
        api("GET /api/v1/surveys/{survey_id}/results"),
    ),
    ("poll", "view"): (
        html("posts:detail", "post_id", check="contains"),
        html("polls:box", "post_id"),  # without htmx: redirects to the post
        api("GET /api/v1/polls/{post_id}"),
        api("GET /api/v1/quizzes/{quiz_id}"),
    ),
    ("poll", "list"): (
        html("polls:index", check="contains"),
        api("GET /api/v1/polls", check="contains"),
    ),
    ("poll", "react"): (
        html("polls:vote", "post_id", data={"other": "Html {marker}"}),
        api("POST /api/v1/polls/{post_id}/votes", data={"other": "Api {marker}"}),
        html("polls:quiz-answer", "quiz_id", data={"q0": "0"}),
    ),
    ("poll", "moderate"): (
        html("polls:close", "post_id", data={}),
        api("POST /api/v1/polls/{post_id}/close"),
    ),
    ("wiki_page", "delete"): (
        # Handing the page to its own owner changes nothing; delete last.
        api("POST /api/v1/wiki/pages/{page_id}/owner", data={"owner_id": "{owner_id}"}),
        html("wiki:owner", "page_id"),  # GET: the form
        html("wiki:delete", "page_id"),  # GET: the confirmation page
        api("DELETE /api/v1/wiki/pages/{page_id}"),
    ),
}

# Routes that show or change no object of the matrix, with the reason. Each
# key is a URL name or an API operation ("METHOD /api/v1/path").
NOT_OBJECT_URLS: dict[str, str] = {
    # The public wall (plein/branding/wall/tests): no login, only approved
    # posts that may still go out, 404 while switched off.
    "wall:index": "the public wall: approved posts only, no login "
    "(branding/wall/tests/test_wall_rules.py)",
    "wall:embed": "the public wall for an iframe (branding/wall/tests/test_views.py)",
    "wall:item": "one post of the public wall (branding/wall/tests/test_wall_rules.py)",
    "wall:image": "an image of a post on the wall: access_public_image, "
    "branding/wall/tests/test_views.py",
    "wall:review": "communications' queue: moderators and admins, others 404 "
    "(branding/wall/tests/test_views.py)",
    "wall:decide": "see wall:review (branding/wall/tests/test_views.py)",
    "wall:settings": "the site-wide switch: org admins, others 404 "
    "(branding/wall/tests/test_views.py)",
    "GET /api/v1/wall": "what the public wall shows (branding/wall/tests/test_api.py)",
    "POST /api/v1/wall/{post_id}/decision": "communications decide: moderators "
    "and admins, others 404 (branding/wall/tests/test_api.py)",
    # Vacancies (plein/careers/vacancies/tests, per persona there).
    "vacancies:create": "publishes a new vacancy (HR and hiring managers)",
    "vacancies:follow": "one's own follow of a department",
    "vacancies:insights": "HR's organisation-level figures (others 404)",
    "vacancies:hiring-managers": "org admins name hiring managers (others 404)",
    "vacancies:hiring-manager-remove": "see vacancies:hiring-managers",
    "vacancies:applications": "one's own applications and one's reports' "
    "(visible_applications)",
    "vacancies:application-withdraw": "one's own application only",
    "vacancies:application-cv": "the applicant and HR: "
    "can_view_application_details, careers/vacancies/tests/test_views.py",
    "vacancies:close": "closes a vacancy (probed through the API close)",
    "vacancies:share": "one's own share link of an external vacancy",
    "vacancies:public": "the public page: external open vacancies only, no "
    "login (careers/vacancies/tests/test_views.py)",
    "POST /api/v1/vacancies": "publishes a new vacancy (HR and hiring managers)",
    "POST /api/v1/vacancies/{post_id}/share": "see vacancies:share",
    "POST /api/v1/vacancies/{post_id}/applications": "applies (the HTML apply "
    "is probed; careers/vacancies/tests/test_api.py)",
    "GET /api/v1/vacancies/{post_id}/applications": "a vacancy's applications: "
    "access_vacancy(for_manage), careers/vacancies/tests/test_api.py",
    "GET /api/v1/vacancy-applications": "one's own applications",
    "POST /api/v1/vacancy-applications/{application_id}/withdraw": "one's own "
    "application only",
    "POST /api/v1/vacancy-applications/{application_id}/cv": "one's own open "
    "application only (careers/vacancies/tests/test_api.py)",
    "GET /api/v1/vacancy-follows": "one's own follows",
    "POST /api/v1/vacancy-follows": "one's own follows",
    # The organisation's insights: figures of 5+ people, no object.
    "insights:dashboard": "organisation dashboard, admins and moderators only: plein/insights/tests",
    "insights:dashboard-csv": "organisation dashboard as CSV: plein/insights/tests",
    "GET /api/v1/insights/organisation": "organisation figures: plein/insights/tests",
    # Public or account pages.
    "photo": "profile photos, served by name; checked in plein/core/tests",
    "health": "health check: public, shows no content",
    "favicon": "the site icon: public, shows no content",
    "people:login": "login page: public",
    "people:logout": "logout: ends one's own session",
    "people:password-reset": "password reset: public, e-mail only",
    "people:password-reset-done": "password reset: public page",
    "people:password-reset-confirm": "password reset: token-guarded, public",
    "people:password-reset-complete": "password reset: public page",
    "people:invitation-accept": "invitation: token-guarded, public",
    "people:language": "sets one's own language",
    "people:settings": "one's own profile settings",
    "people:settings-notifications": "one's own notification settings",
    "people:settings-password": "one's own password: plein/people/tests",
    "people:settings-tokens": "one's own API tokens",
    "people:settings-token-revoke": "revokes one's own API token",
    "people:follow": "follows a person: access_person, like people:profile",
    "people:unfollow": "unfollows a person",
    "people:manage": "org admin people page: tests in plein/people/tests",
    "people:manage-invite": "org admin invitation: plein/people/tests",
    "people:manage-reactivate": "org admin: reactivation, plein/people/tests",
    # Creating things (no existing object).
    "posts:create": "composer: creates a new post",
    "groups:create": "creates a new group",
    "groups:join": "joining: membership rules, plein/groups/tests",
    "groups:leave": "leaving: tests/access/test_side_paths.py",
    "groups:join-request": "join requests: plein/groups/tests",
    "groups:follow": "follows a group closely: plein/groups/tests",
    "groups:member-role": "group admin membership changes: plein/groups/tests",
    "groups:member-remove": "group admin membership changes: plein/groups/tests",
    "groups:invite": "group invitations: plein/groups/tests",
    "posts:pin": "pinning: group admin only, plein/posts/tests",
    # One's own lists.
    "notifications:list": "one's own notifications: test_side_paths.py",
    "notifications:mark-read": "one's own notifications",
    "notifications:badge": "one's own unread count: test_side_paths.py",
    "alerts:list": "one's own alerts: plein/alerts/tests",
    "alerts:create": "creates an alert",
    "alerts:hits": "one's own alert's hits: test_side_paths.py",
    "alerts:edit": "one's own alert: plein/alerts/tests",
    "alerts:delete": "one's own alert: plein/alerts/tests",
    "alerts:subscribe": "subscribing to a shared alert: plein/alerts/tests",
    "mail:unsubscribe": "token-guarded e-mail unsubscribe link: public",
    # Feeds: the documents are read with a feed token (no session), as its
    # owner: member / non-member / leaving / deactivated in
    # plein/channels/feeds/tests/test_views_documents.py.
    "live:stream": "the live stream: ids only, each event checked per reader when "
    "sent (plein/channels/live/tests/test_stream.py)",
    "live:feed-news": "a count of one's own home feed (get_feed_page)",
    "live:group-news": "a count of a group's new posts with the group page's own read "
    "(access_group, list_group_post_ids); a group the reader may not read answers "
    "like an unknown one (plein/channels/live/tests/test_pages.py)",
    "GET /api/v1/stream": "the live stream for a token: as live:stream",
    "feeds:home": "feed-token-guarded home feed: plein/channels/feeds/tests",
    "feeds:group": "feed-token-guarded group feed: access_group, feeds tests",
    "feeds:tag": "feed-token-guarded hashtag feed: access_hashtag, feeds tests",
    "feeds:person": "feed-token-guarded person feed: access_person, feeds tests",
    "feeds:settings": "one's own feed tokens",
    "feeds:revoke": "revokes one's own feed token",
    "feeds:subscribe": "creates a feed token (the subject: access_*, feeds tests)",
    "feeds:document": "feed-token-guarded documents features add (the events "
    "calendar: visible_events, plein/engagement/events/tests/test_access.py)",
    "events:create": "plans a new event",
    "events:subscribe": "creates one's own feed token for the events calendar",
    "POST /api/v1/events": "plans a new event",
    "GET /api/v1/alumni": "HR's list of alumni (404 for anyone else; "
    "plein/careers/alumni/tests/test_api.py)",
    "POST /api/v1/alumni/{person_id}/offer": "HR offers a person an alumni "
    "account (404 for anyone else; plein/careers/alumni/tests/test_api.py)",
    "POST /api/v1/alumni/{person_id}/invite-back": "HR invites an alumnus back "
    "(404 for anyone else; plein/careers/alumni/tests/test_api.py)",
    "POST /api/v1/surveys": "sends a new pulse survey (org admins and moderators; "
    "tested in plein/engagement/surveys/tests/test_api.py)",
    "GET /api/v1/feed-tokens": "one's own feed tokens",
    "POST /api/v1/feed-tokens": "creates a feed token",
    "DELETE /api/v1/feed-tokens/{token_id}": "revokes one's own feed token",
    # Required reading: needs an announcement, tested in its app.
    "announcements:confirm": "required reading: plein/announcements/tests",
    "announcements:readers-add": "required reading: plein/announcements/tests",
    "announcements:receipts": "required reading: plein/announcements/tests",
    "announcements:overdue": "org admin report: plein/announcements/tests",
    "mail-report:report": "org admin e-mail report: plein/mail/tests",
    # Governance (plein/governance/), each tested in its app. TODO(lead): the
    # compliance exports are where the compliance officer's "export" cells
    # should become "ok"; add probes for them (create an export, download it,
    # look for the needle) when their shape has settled.
    "guidelines:page": "the guidelines text: no object",
    "guidelines:accept": "accepts the guidelines for oneself",
    "guidelines:acceptances": "org admin list of acceptances (its CSV is probed)",
    "dlp:review": "leak prevention queue: plein/governance/dlp/tests",
    "dlp:review-decide": "leak prevention decision: plein/governance/dlp/tests",
    "moderation:queue": "moderators' queue of reports: moderation/tests",
    "moderation:mine": "one's own reports",
    "compliance:audit": "compliance audit log (its CSV export is probed)",
    "compliance:exports": "TODO(lead): compliance export list, see above",
    "compliance:export_status": "TODO(lead): compliance export, see above",
    "compliance:export_download": "TODO(lead): compliance export, see above",
    "compliance:holds": "legal holds: compliance/tests",
    "compliance:hold_release": "legal holds: compliance/tests",
    "compliance:erase": "erasure of a person: compliance/tests",
    # HR's alumni pages (plein/careers/alumni/tests: HR ok, colleagues and
    # alumni 404); what alumni read is tests/access/test_alumni.py.
    "alumni:home": "an alumnus's home (their own) or HR's alumni list",
    "alumni:offer": "HR converts a person's account: careers/alumni/tests",
    "alumni:invite-back": "HR welcomes an alumnus back: careers/alumni/tests",
    "alumni:resend": "HR mails the password link again: careers/alumni/tests",
    # Listening (plein.listening): communications (org admins and
    # moderators) only, everyone else 404 and anonymous to the login page or
    # 401; plein/access/tests/test_listening.py checks the rule per persona.
    "mentions:list": "the mentions found outside: listening/mentions/tests/test_views.py",
    "mentions:sentiment": "communications correct a mention's sentiment, others 404: "
    "listening/mentions/tests/test_sentiment_on_mentions.py",
    "PATCH /api/v1/mentions/{mention_id}": "see mentions:sentiment",
    "listening_insights:show": "figures over all mentions, for communications: "
    "listening/insights/tests/test_insights.py",
    "listening_insights:csv": "see listening_insights:show",
    "GET /api/v1/listening-insights": "see listening_insights:show",
    "listening_sources:list": "the sources with their health and the add form: "
    "listening/sources/tests/test_views.py",
    "listening_sources:active": "turns a source off or on: "
    "listening/sources/tests/test_views.py",
    "GET /api/v1/mentions": "the mentions found outside: "
    "listening/mentions/tests/test_views.py",
    "GET /api/v1/listening/sources": "the sources with their health: "
    "listening/sources/tests/test_api.py",
    "POST /api/v1/listening/sources": "adds a feed or an alert sender: "
    "listening/sources/tests/test_api.py",
    "PATCH /api/v1/listening/sources/{source_id}": "turns a source off or on: "
    "listening/sources/tests/test_api.py",
    # Sending a link in: every active colleague, guests and alumni 404.
    "mentions:submit": "a colleague sends a link in, guests and alumni 404: "
    "listening/mentions/tests/test_submit.py",
    "POST /api/v1/mentions": "see mentions:submit (listening/mentions/tests/test_submit.py)",
    # Discussing needs a group the person posts in (the matrix's moderators
    # are in none); listening/triage/tests/test_api.py checks it per persona.
    "POST /api/v1/mentions/{mention_id}/discuss": "publishes a post in one's "
    "group (communications; others 404): listening/triage/tests/test_api.py",
    # Watches (plein.listening.watches): the client_watch rows above; adding
    # one is communications' only (others 404).
    "listening_watches:create": "communications add a watch: "
    "listening/watches/tests/test_views.py",
    "POST /api/v1/watches": "communications add a watch: "
    "listening/watches/tests/test_api.py",
    "DELETE /api/v1/watches/{watch_id}": "as listening_watches:delete (probed): "
    "listening/watches/tests/test_api.py",
    "compliance:retention": "retention settings: no object",
    "privacy:settings": "one's own privacy settings",
    "privacy:export-request": "one's own data export",
    "privacy:export-status": "one's own data export",
    "privacy:export-download": "one's own data export (owner-checked in privacy/tests)",
    "GET /api/v1/compliance/exports": "TODO(lead): compliance export, see above",
    "POST /api/v1/compliance/exports": "TODO(lead): compliance export, see above",
    "GET /api/v1/compliance/exports/{export_id}": "TODO(lead): see above",
    "GET /api/v1/compliance/holds": "legal holds: compliance/tests",
    "POST /api/v1/compliance/holds": "legal holds: compliance/tests",
    "POST /api/v1/compliance/holds/{hold_id}/release": "legal holds",
    "POST /api/v1/compliance/people/{person_id}/erase": "erasure: compliance/tests",
    "POST /api/v1/me/export": "one's own data export",
    "POST /api/v1/files": "uploads a file of one's own: plein/api/tests/test_files.py",
    "GET /api/v1/me/export": "one's own data export",
    "GET /api/v1/me/export/{export_id}/download": "one's own data export",
    "GET /api/v1/guidelines": "the guidelines text: no object",
    "POST /api/v1/guidelines/accept": "accepts the guidelines for oneself",
    "POST /api/v1/reports": "reporting: moderation/tests (HTML form probed)",
    "GET /api/v1/reports": "one's own reports",
    "GET /api/v1/moderation/queue": "moderators' queue: moderation/tests",
    "POST /api/v1/moderation/decisions": "moderation/tests (HTML page probed)",
    # API operations.
    "POST /api/v1/auth/token": "exchanges a password for a token",
    "POST /api/v1/posts": "creates a new post",
    "POST /api/v1/groups": "creates a new group",
    "POST /api/v1/groups/{group_id}/join": "membership rules: plein/api/tests",
    "POST /api/v1/groups/{group_id}/leave": "leaving: test_side_paths.py",
    "POST /api/v1/follows": "follows a person/group/hashtag",
    "DELETE /api/v1/follows": "unfollows",
    "GET /api/v1/notifications": "one's own notifications: test_side_paths.py",
    "POST /api/v1/notifications/read": "one's own notifications",
    "POST /api/v1/posts/{post_id}/required-readers": "plein/announcements/tests",
    "POST /api/v1/posts/{post_id}/confirm": "plein/announcements/tests",
    "GET /api/v1/posts/{post_id}/receipts": "plein/announcements/tests",
    "GET /api/v1/me/required-reading": "one's own required reading",
    "POST /api/v1/me/password": "one's own password: plein/people/tests",
    "GET /api/v1/alerts": "one's own alerts: plein/alerts/tests",
    "POST /api/v1/alerts": "creates an alert",
    "GET /api/v1/alerts/{alert_id}": "one's own alert: plein/alerts/tests",
    "PATCH /api/v1/alerts/{alert_id}": "one's own alert: plein/alerts/tests",
    "DELETE /api/v1/alerts/{alert_id}": "one's own alert: plein/alerts/tests",
    "POST /api/v1/alerts/{alert_id}/subscription": "plein/alerts/tests",
    "DELETE /api/v1/alerts/{alert_id}/subscription": "plein/alerts/tests",
    "GET /api/v1/alerts/{alert_id}/hits": "alert hits: test_side_paths.py",
    # Webhooks (plein/channels/webhooks): no matrix object; access_webhook,
    # three personas in plein/channels/webhooks/tests/test_{access,api,views}.py.
    "webhooks:list": "the webhooks one manages (visible_webhooks)",
    "webhooks:create": "creates a webhook (its group: access_group_for_webhook)",
    "webhooks:detail": "a webhook one manages: access_webhook",
    "webhooks:rotate": "a webhook one manages: access_webhook",
    "webhooks:test": "a webhook one manages: access_webhook",
    "webhooks:active": "a webhook one manages: access_webhook",
    "webhooks:delete": "a webhook one manages: access_webhook",
    "GET /api/v1/webhooks": "the webhooks one manages (visible_webhooks)",
    "POST /api/v1/webhooks": "creates a webhook: see webhooks:create",
    "GET /api/v1/webhooks/{webhook_id}": "see webhooks:detail",
    "DELETE /api/v1/webhooks/{webhook_id}": "see webhooks:delete",
    "PATCH /api/v1/webhooks/{webhook_id}": "see webhooks:active (access_webhook)",
    "POST /api/v1/webhooks/{webhook_id}/rotate-secret": "see webhooks:rotate",
    "POST /api/v1/webhooks/{webhook_id}/test": "see webhooks:test",
    # Search trail and recognition (plein/knowledge/trail, .../recognition).
    "trail:settings": "one's own search-trail opt-in",
    "trail:shared": "topics shared with colleagues: no matrix object; people "
    "via visible_people, k-anonymity in plein/knowledge/trail/tests",
    "GET /api/v1/trail": "one's own search-trail opt-in",
    "PUT /api/v1/trail": "one's own search-trail opt-in",
    "DELETE /api/v1/trail": "deletes one's own search trail",
    "GET /api/v1/trail/shared": "shared topics: see trail:shared",
    "recognition:mine": "one's own points",
    "GET /api/v1/recognition/me": "one's own points",
    "recognition:leaderboard": "off by default (404); people via "
    "visible_people: plein/knowledge/recognition/tests",
    "GET /api/v1/recognition/leaderboard": "see recognition:leaderboard",
    "recognition:settings": "org admin policy: recognition/tests",
    "GET /api/v1/recognition/settings": "the policy: no object",
    "PUT /api/v1/recognition/settings": "org admin policy: recognition/tests",
    "POST /api/v1/wiki/pages": "creates a new wiki page",
    "POST /api/v1/questions": "asks a new question",
    "POST /api/v1/polls": "publishes a new poll",
    "polls:create": "publishes a new poll",
    "POST /api/v1/quizzes": "publishes a new quiz",
    "polls:quiz-create": "publishes a new quiz",
    "POST /api/v1/quizzes/{quiz_id}/answers": "takes lists of lists, which the "
    "probes cannot send (polls:quiz-answer is probed): "
    "plein/engagement/polls/tests/test_api.py",
    "POST /api/v1/kudos": "gives a new kudos: plein/engagement/kudos/tests",
    # Scheduled posts and the content calendar (plein/engagement/scheduling):
    # an item is its author's until published, besides those who manage
    # content for its place; every persona, secret groups included, is
    # checked on both sides of the rule in .../scheduling/tests/test_access.py.
    "scheduling:mine": "one's own drafts and scheduled posts",
    "scheduling:compose": "schedules a new post: scheduling/tests/test_views.py",
    "scheduling:detail": "access_scheduled: scheduling/tests/test_access.py",
    "scheduling:edit": "access_scheduled(for_write): author only, test_access.py",
    "scheduling:publish": "access_scheduled(for_write): author only, test_access.py",
    "scheduling:cancel": "access_scheduled(for_write): author only, test_access.py",
    "scheduling:delete": "one's own item (404 for others): test_access.py",
    "scheduling:calendar": "visible_scheduled per persona: scheduling/tests/test_access.py",
    "GET /api/v1/scheduled-posts": "one's own drafts and scheduled posts",
    "POST /api/v1/scheduled-posts": "schedules a new post: scheduling/tests/test_api.py",
    "GET /api/v1/scheduled-posts/{item_id}": "see scheduling:detail",
    "PATCH /api/v1/scheduled-posts/{item_id}": "see scheduling:edit",
    "DELETE /api/v1/scheduled-posts/{item_id}": "see scheduling:delete",
    "POST /api/v1/scheduled-posts/{item_id}/publish": "see scheduling:publish",
    "POST /api/v1/scheduled-posts/{item_id}/cancel": "see scheduling:cancel",
    "GET /api/v1/content-calendar": "see scheduling:calendar",
    "surveys:create": "creates a pulse survey: plein/engagement/surveys/tests",
    "kudos:give": "gives a new kudos: plein/engagement/kudos/tests",
    "POST /api/v1/values": "adds a new value (org admins): "
    "plein/engagement/kudos/tests/test_api.py",
    "POST /api/v1/questions/{post_id}/invite": "takes a list, which the probes "
    "cannot send (qna:invite is probed): plein/knowledge/qna/tests/test_api.py",
    "qna:ask": "asks a new question",
    "expertise:mine": "one's own inferred topics",
    "expertise:topic-decide": "shows or hides one's own inferred topic",
    "expertise:offers": "one's own opt-in to offered unanswered questions",
    "expertise:endorse": "endorses a person's skill: access_person, like "
    "people:follow; plein/knowledge/expertise/tests",
    "expertise:unendorse": "withdraws one's own endorsement",
    "GET /api/v1/expertise/me/topics": "one's own inferred topics",
    "POST /api/v1/expertise/me/topics": "shows or hides one's own inferred topic",
    "GET /api/v1/expertise/me/settings": "one's own opt-in to offered questions",
    "PUT /api/v1/expertise/me/settings": "one's own opt-in to offered questions",
    "POST /api/v1/expertise/people/{person_id}/endorsements": "endorses a skill: "
    "access_person as the probed GET; plein/knowledge/expertise/tests",
    "DELETE /api/v1/expertise/people/{person_id}/endorsements/{skill_id}": "withdraws "
    "one's own endorsement",
    "GET /api/v1/wiki/stale": "one's own stale pages (owner only)",
    "wiki:new": "creates a new wiki page (its group: access_group, as groups:detail)",
    "wiki:stale": "one's own stale wiki pages (owner only)",
    "POST /api/v1/wiki/pages/{page_id}/files": "multipart upload (the probes "
    "send JSON): page access tested in plein/knowledge/wiki/tests/test_files.py",
    # Office screens (plein/channels/screens): no matrix object. Management is
    # for org admins and moderators (others 404, anonymous to the log-in page);
    # the kiosk is screen-token-guarded and shows only what everyone may see.
    "screens:list": "office screens: access_screen, plein/channels/screens/tests",
    "screens:create": "creates an office screen: screens/tests/test_views.py",
    "screens:edit": "an office screen: access_screen, screens/tests",
    "screens:delete": "an office screen: access_screen, screens/tests",
    "screens:token-create": "connects a screen: access_screen, screens/tests",
    "screens:token-revoke": "disconnects a screen: access_screen, screens/tests",
    "screens:show": "screen-token-guarded kiosk: public, org-wide content only",
    "screens:show-slides": "screen-token-guarded kiosk slides: see screens:show",
    "screens:show-photo": "screen-token-guarded photo of someone on the screen",
    "GET /api/v1/screens": "office screens: managers only, screens/tests/test_api.py",
    "POST /api/v1/screens": "creates an office screen: screens/tests/test_api.py",
    "DELETE /api/v1/screens/{screen_id}": "an office screen: access_screen",
    "GET /api/v1/screens/{screen_id}/tokens": "see screens:token-create",
    "POST /api/v1/screens/{screen_id}/tokens": "see screens:token-create",
    "DELETE /api/v1/screens/{screen_id}/tokens": "see screens:token-revoke",
    "GET /api/v1/screens/content": "screen-token-guarded: screens/tests/test_api.py",
    # Push and the installable app (plein/channels/push/tests).
    "push:service-worker": "the service worker: public, shows no content",
    "push:manifest": "the web app manifest: public, shows no content",
    "push:offline": "the offline page: public, shows no content",
    "push:share": "share target: the composer, creates a new post",
    "GET /api/v1/push-preferences": "one's own push choices per kind",
    "PUT /api/v1/push-preferences": "changes one's own push choices",
    "push:settings": "one's own push settings and devices",
    "push:device-remove": "one's own device (owner-checked in push/tests)",
    "GET /api/v1/push-subscriptions": "one's own devices",
    "POST /api/v1/push-subscriptions": "turns push on for one's own device",
    "GET /api/v1/push-subscriptions/vapid-key": "the server's public key: no object",
    "GET /api/v1/push-subscriptions/{subscription_id}": "one's own device "
    "(owner-checked in plein/channels/push/tests/test_api.py)",
    "DELETE /api/v1/push-subscriptions/{subscription_id}": "one's own device "
    "(owner-checked in plein/channels/push/tests/test_api.py)",
    # Onboarding (plein/careers/onboarding): a plan is seen by its new
    # colleague, their manager and buddy, and HR (org admins, moderators);
    # everyone else 404, per persona in onboarding/tests/test_access.py.
    "onboarding:mine": "one's own onboarding plan",
    "onboarding:task-tick": "a task of a plan: access_task, onboarding/tests",
    "onboarding:task-join": "joins the task's group (check_join_group): "
    "one's own plan only, onboarding/tests/test_views.py",
    "onboarding:task-remove": "a task of a plan: HR only, onboarding/tests",
    "onboarding:manage": "plans one may see: visible_plans, onboarding/tests",
    "onboarding:start": "starts a new plan (HR only): onboarding/tests",
    "onboarding:plan": "a plan: access_plan, onboarding/tests/test_access.py",
    "onboarding:welcome": "publishes a new welcome post: access_plan, onboarding/tests",
    "onboarding:templates": "HR's templates (others 404): onboarding/tests",
    "onboarding:template-edit": "HR's template: access_template, onboarding/tests",
    "onboarding:template-delete": "HR's template: access_template",
    "GET /api/v1/onboarding/me": "one's own onboarding plan",
    "POST /api/v1/onboarding/tasks/{task_id}/tick": "see onboarding:task-tick",
    "GET /api/v1/onboarding/plans": "see onboarding:manage",
    "POST /api/v1/onboarding/plans": "see onboarding:start",
    "GET /api/v1/onboarding/plans/{plan_id}": "see onboarding:plan",
    "PATCH /api/v1/onboarding/plans/{plan_id}": "a plan: access_plan, HR only "
    "(onboarding/tests/test_api.py)",
    # Referrals (plein/careers/referrals): candidates are people from outside,
    # no matrix object. HR (admins, moderators) sees them, the named colleague
    # their passport, everyone else 404 (anonymous to the log-in page), per
    # persona in plein/careers/referrals/tests/test_access.py.
    "referrals:create": "makes a new referral: referrals/tests (guests 404)",
    "referrals:mine": "one's own referrals (referrer only)",
    "referrals:hr": "HR: every referral; a vacancy's managers: agreed ones to it",
    "referrals:details": "the referrer's why and CV after consent: referrals/tests",
    "referrals:detail": "access_referral(for_manage): HR, the vacancy's managers",
    "referrals:status": "see referrals:detail",
    "referrals:reward": "see referrals:detail",
    "referrals:candidate": "see referrals:detail",
    "referrals:share": "see referrals:detail",
    "referrals:erase": "see referrals:detail",
    "referrals:resend": "see referrals:detail",
    "referrals:pool-add": "see referrals:detail (and access_pool)",
    "referrals:cv": "see referrals:detail; after consent only",
    "referrals:share-end": "a passport share: HR only, referrals/tests",
    "referrals:passports": "the passports shared with oneself: visible_shares",
    "referrals:passport": "a passport: access_passport, the named only",
    "referrals:passport-cv": "see referrals:passport",
    "referrals:pools": "talent pools: HR only, referrals/tests/test_access.py",
    "referrals:pool": "a pool's members: access_pool(for_manage), HR only",
    "referrals:mobility": "one's own pool opt-ins (guests 404)",
    "referrals:suggestions": "pool suggestions for a vacancy: HR only",
    "referrals:public-apply": "public, only with a valid share link for a public "
    "vacancy (else 404): referrals/tests/test_public_apply.py",
    "referrals:consent": "the candidate's page: signed-link-guarded, public",
    "referrals:consent-data": "see referrals:consent",
    "POST /api/v1/referrals": "makes a new referral: referrals/tests/test_access.py",
    "GET /api/v1/referrals/mine": "one's own referrals",
    "GET /api/v1/referrals": "handled_referrals: HR, vacancy managers (others 404)",
    "POST /api/v1/referrals/{referral_id}/details": "see referrals:details",
    "GET /api/v1/referrals/{referral_id}": "see referrals:detail",
    "POST /api/v1/referrals/{referral_id}/status": "see referrals:status",
    "GET /api/v1/talent-pools": "pool names for colleagues, own opt-ins",
    "PUT /api/v1/talent-pools/{pool_id}/membership": "one's own opt-in",
}


def covered_routes() -> set[str]:
    return {probe.route for probes in PROBES.values() for probe in probes}
