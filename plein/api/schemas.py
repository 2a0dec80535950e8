"""Request and response shapes of the API (snake_case, OpenAPI-documented).

Input strings are bounded here so that nothing unbounded reaches the
database; the actions still do the real validation and name the field.
"""

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints

# Ids and cursors stay inside a signed 64-bit integer: a larger number would
# overflow the database driver instead of simply matching nothing.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Limit = Annotated[int, Field(ge=1, le=100)]


def _no_nul(value: str) -> str:
    # PostgreSQL refuses NUL in text; refuse it here, naming the field.
    if "\x00" in value:
        raise ValueError("contains a NUL character")
    return value


NoNul = AfterValidator(_no_nul)

# Bounded text, ``TextN`` holding at most N characters. The aliases are written
# out (not built by a function) so that type checkers read them as ``str``.
Text5 = Annotated[str, StringConstraints(max_length=5), NoNul]
Text10 = Annotated[str, StringConstraints(max_length=10), NoNul]
Text20 = Annotated[str, StringConstraints(max_length=20), NoNul]
Text70 = Annotated[str, StringConstraints(max_length=70), NoNul]
Text80 = Annotated[str, StringConstraints(max_length=80), NoNul]
Text100 = Annotated[str, StringConstraints(max_length=100), NoNul]
Text200 = Annotated[str, StringConstraints(max_length=200), NoNul]
Text254 = Annotated[str, StringConstraints(max_length=254), NoNul]
Text500 = Annotated[str, StringConstraints(max_length=500), NoNul]
Text1000 = Annotated[str, StringConstraints(max_length=1000), NoNul]
Text2000 = Annotated[str, StringConstraints(max_length=2000), NoNul]
Text2100 = Annotated[str, StringConstraints(max_length=2100), NoNul]
Text5000 = Annotated[str, StringConstraints(max_length=5000), NoNul]

# Query-string search boxes.
ShortQuery = Text100
LongQuery = Text500

# Post and comment bodies: the actions enforce the configured limits with a
# clear message; this bound only stops absurd payloads early.
BodyText = Annotated[str, StringConstraints(max_length=1_000_000), NoNul]


class ErrorOut(Schema):
    detail: str
    code: str
    field: str | None = None


class ValidationErrorItem(Schema):
    field: str | None
    message: str
    type: str


class ValidationErrorOut(ErrorOut):
    errors: list[ValidationErrorItem] = []


class DepartmentOut(Schema):
    id: int
    name: str


class PersonRef(Schema):
    id: int
    handle: str
    full_name: str


class GroupRef(Schema):
    id: int
    name: str
    slug: str


class MeOut(Schema):
    id: int
    handle: str
    full_name: str
    email: str
    job_title: str
    department: DepartmentOut | None
    location: str
    language: str
    timezone: str
    role: str


class PersonOut(Schema):
    id: int
    handle: str
    full_name: str
    job_title: str
    department: DepartmentOut | None
    location: str
    is_active: bool


class PersonDetailOut(PersonOut):
    email: str
    bio: str
    phone: str
    manager: PersonRef | None
    is_following: bool


class PeopleListOut(Schema):
    items: list[PersonOut]
    count: int
    next_offset: int | None


class PostOut(Schema):
    id: int
    author: PersonRef
    group: GroupRef | None
    kind: str
    title: str
    body: str
    body_html: str
    language: str
    created_at: datetime
    edited_at: datetime | None
    comment_count: int
    reaction_count: int


class FeedItemOut(PostOut):
    is_read: bool


class FeedOut(Schema):
    items: list[FeedItemOut]
    next_cursor: int | None


class PostListOut(Schema):
    items: list[PostOut]
    next_cursor: int | None


class RequiredReadersIn(Schema):
    people: list[Id] = Field(default=[], max_length=10_000)
    group_ids: list[Id] = Field(default=[], max_length=1000)
    department_ids: list[Id] = Field(default=[], max_length=1000)
    requires_action: bool = False
    due_at: datetime | None = None


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int
    is_image: bool
    # Where the file is fetched, with the same token.
    url: str


class PostCreateIn(Schema):
    body: BodyText
    title: Text1000 = ""
    group_id: Id | None = None
    language: Text5 | None = None
    # Why the text may be published although leak prevention warned.
    justification: Text500 = ""
    # Files uploaded first with POST /files, not yet used by another post.
    attachment_ids: list[Id] = Field(default=[], max_length=10)
    # People, groups and departments asked to read (and confirm) the post.
    required_readers: RequiredReadersIn | None = None


class PostDetailOut(PostOut):
    attachments: list[AttachmentOut]


class PostUpdateIn(Schema):
    body: BodyText | None = None
    title: Text1000 | None = None
    language: Text5 | None = None
    justification: Text500 = ""


class CommentOut(Schema):
    id: int
    post_id: int
    parent_id: int | None
    author: PersonRef
    body: str
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    reaction_count: int


class CommentListOut(Schema):
    items: list[CommentOut]
    next_cursor: int | None


class CommentCreateIn(Schema):
    body: BodyText
    parent_id: Id | None = None
    justification: Text500 = ""


class ReactionIn(Schema):
    kind: Text20 = "like"
    on: bool | None = None


class ReactionOut(Schema):
    kind: str
    active: bool
    reaction_count: int


class BookmarkOut(Schema):
    post_id: int
    is_bookmarked: bool


class GroupOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    kind: str
    member_count: int
    is_member: bool


class GroupListOut(Schema):
    items: list[GroupOut]
    next_offset: int | None


class GroupCreateIn(Schema):
    name: Text200
    description: Text5000 = ""
    kind: Text10 = "open"


class JoinOut(Schema):
    status: Literal["member", "pending"]
    group: GroupOut


class FollowIn(Schema):
    type: Literal["person", "group", "hashtag"]
    id: Id | None = None
    name: Text100 | None = None


class FollowOut(Schema):
    type: str
    id: int
    name: str


class NotificationOut(Schema):
    id: int
    kind: str
    actor: PersonRef | None
    post_id: int | None
    comment_id: int | None
    group: GroupRef | None
    created_at: datetime
    is_read: bool


class NotificationListOut(Schema):
    items: list[NotificationOut]
    unread_count: int
    next_cursor: int | None


class NotificationsReadIn(Schema):
    ids: list[Id] | None = Field(default=None, max_length=1000)


class NotificationsReadOut(Schema):
    marked: int
    unread_count: int


class TokenIn(Schema):
    email: Text254
    password: Text1000
    name: Text100 = "API"


class TokenOut(Schema):
    token: str
    id: int
    name: str


class SearchHitOut(Schema):
    post_id: int | None
    comment_id: int | None
    title: str
    snippet: str
    author: PersonRef | None
    group: GroupRef | None
    created_at: datetime | None
    score: float | None
    url: str


class SearchOut(Schema):
    items: list[SearchHitOut]
    next_cursor: int | None


class HashtagOut(Schema):
    id: int
    name: str
    post_count: int


SearchOrder = Literal["newest", "relevance"]
FeedFilter = Literal["all", "groups", "people", "bookmarks"]
DateParam = date
GroupKindParam = Literal["open", "closed", "secret"]
