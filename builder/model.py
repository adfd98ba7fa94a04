"""Plain records that flow between the builder's stages.

Nothing here knows about RDF or spaCy: ingest produces an `Article`, extraction produces
`ArticleFacts`, resolution and linking fill in identities, and only `emit` turns the result
into RDF terms.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A stretch of an article body: `text == body[start:end]` (offsets in code points)."""

    start: int
    end: int
    text: str


@dataclass
class Article:
    """One ingested article: its id, where it came from, its metadata and body text."""

    article_id: str
    source: str
    body: str
    sha256: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date, "YYYY-MM-DD"
    language: str = "en"
    authors: tuple[str, ...] = ()  # every person of the byline ("By Jane Doe and John Roe"); `author` is the first
    agency: str | None = None  # an outlet named by an agency byline or dateline: the outlet when none other is known


@dataclass
class EntityRecord:
    """An entity as one article names it.

    `key` is the article-independent identity (see `resolve.entity_key`); `kind` is one of
    person, organization, ministry, government, outlet, institute, international,
    workinggroup, country, place, post.
    """

    key: str
    kind: str
    label: str
    names: set[str] = field(default_factory=set)
    country: str | None = None  # key of a country entity
    parent: str | None = None  # key of the organisation this one belongs to
    post_org: str | None = None  # for posts: key of the organisation the post belongs to
    envoy: bool = False  # for posts: an envoy post
    wikidata: str | None = None


@dataclass
class Fact:
    """Base of every extracted fact: evidence spans and a confidence in [0, 1]."""

    evidence: list[Span]
    confidence: float


@dataclass
class Event(Fact):
    kind: str = "Event"  # Event, Meeting, Summit, Visit, Talks, WorkingGroupMeeting, PressConference, Briefing, Speech
    participants: list[str] = field(default_factory=list)  # entity keys
    location: str | None = None
    start: str | None = None  # ISO date, YYYY-MM or YYYY
    end: str | None = None
    time_expression: str | None = None
    status: str | None = None  # Proposed, Planned, Held, Postponed, Cancelled
    topics: list[str] = field(default_factory=list)  # issue local names
    requested_by: str | None = None
    requesters: list[str] = field(default_factory=list)  # every agent who asked for it; requested_by is the first
    outcome: str | None = None
    part_of: int | None = None  # index of the enclosing event in ArticleFacts.events
    trigger: str = ""


@dataclass
class Position(Fact):
    holder: str = ""
    issue: str | None = None
    approach: str | None = None
    supports: list[str] = field(default_factory=list)  # entity keys or "issue:<Name>"
    opposes: list[str] = field(default_factory=list)


@dataclass
class Statement(Fact):
    speaker: str = ""
    quote: str | None = None
    about: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    date: str | None = None


@dataclass
class Relation(Fact):
    """A binary fact between entities: holdsPost, counterpart, memberOf, leads."""

    predicate: str = ""
    subject: str = ""
    object: str = ""


@dataclass
class ArticleFacts:
    """Everything extracted from one article, ready for resolution and emission."""

    article: Article
    entities: dict[str, EntityRecord] = field(default_factory=dict)
    mentions: dict[str, list[Span]] = field(default_factory=dict)  # entity key -> spans
    relations: list[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    topics: dict[str, list[str]] = field(default_factory=dict)  # entity key -> issues (working groups)
    author: str | None = None  # entity key of the article's author
    outlet: str | None = None  # entity key of the outlet that published it
    warnings: list[str] = field(default_factory=list)  # facts a reader could not read, and why
