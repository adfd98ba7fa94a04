"""The layers the pipeline adds to a `Doc`: the contract between its components and the readers.

One `Doc` per article, over the article body exactly, so a character offset in the Doc is an
offset in the body (and in the evidence the graph cites). Each component adds one layer and
reads only the layers of the components before it; the fact readers in `builder.extract`
read layers and the parse, never raw text patterns of their own.

| set by                | layer                                   | what it holds                                  |
| --------------------- | --------------------------------------- | ---------------------------------------------- |
| `parse_article`       | `Doc._.article_id`, `Doc._.published`   | the article's id and publication date          |
| `peninsula_layout`    | `Doc._.blocks`                          | lines of the body: text, caption, cue, turn    |
| `peninsula_gazetteer` | `doc.spans["gazetteer"]`                | names of the gazetteer: `label_` kind, `id_` key |
| `peninsula_mentions`  | `doc.spans["mentions"]`, `Doc._.entities` | entity mentions: `label_` kind, `kb_id_` key; the entities they name |
| `peninsula_titles`    | `doc.spans["titles"]`, `Span._.post`    | title phrases and the post each describes      |
| `peninsula_coref`     | `doc.spans["references"]`, `Span._.referents` | surnames, pronouns, role and plural NPs resolved to entity keys |
| `peninsula_time`      | `doc.spans["time"]`, `Span._.time`      | time expressions resolved against the publication date |
| `peninsula_bodies`    | `doc.spans["mentions"]` (label "workinggroup"), `Doc._.entities`, `Doc._.refs`, `doc.user_data[BODY_PARTIES]` | joint bodies (working groups, task forces, joint commissions), keyed by kind and parties; added to the mentions layer; body key -> the party keys the text gives |
| `peninsula_frames`    | `Doc._.frames`                          | event triggers with the tokens filling each role |
| `peninsula_issues`    | `doc.spans["issues"]`                   | issues and approaches of the ontology: `label_` the concept's local name, `kb_id_` "issue" or "approach", `id_` a coined approach's name |

`Doc._.refs` maps a token index to the entity keys it stands for (filled by the mentions,
then by coreference); `Token._.referents` (read-only) gives the entity keys a token stands for, through a mention or
a resolved reference: it is what the readers ask of every argument.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from spacy.tokens import Doc, Span, Token

# Span groups (doc.spans keys)
GAZETTEER = "gazetteer"
MENTIONS = "mentions"
TITLES = "titles"
REFERENCES = "references"
TIME = "time"
ISSUES = "issues"
# doc.user_data key: joint body key -> the keys of its parties (countries), as `peninsula_bodies` read them
BODY_PARTIES = "peninsula_body_parties"

# Entity kinds a mention's `label_` may carry (see `builder.model.EntityRecord.kind`), plus
# "demonym": an adjective naming a country ("Chilean"), whose `kb_id_` is the country's key.
ENTITY_KINDS = ("person", "country", "place", "outlet", "ministry", "government", "institute",
                "international", "organization", "workinggroup")
DEMONYM = "demonym"


@dataclass(frozen=True)
class Block:
    """A line of the body: where it is and what it is.

    kind: "text" (running text), "caption" (a photo caption), "headline" (a line that is a
    title inside the body, "2. Minister's Schedule"), "end" (a closing mark, "(END)"), "turn"
    (a transcript turn or soundbite: `speaker` as written before the colon or in the cue),
    "cue" (a script cue alone on its line, "[Anchor Lead]").
    `text_start` is where the line's own text begins, after a cue, a speaker label or a
    dateline ("SEOUL, June 17 (Agency) --")."""

    start: int
    end: int
    kind: str = "text"
    text_start: int = -1
    speaker: str | None = None
    dateline_place: str | None = None  # entity key of the dateline city, when the line opens with one
    dateline_outlet: str | None = None  # the outlet named in a dateline, as written

    def __post_init__(self):
        if self.text_start < 0:
            object.__setattr__(self, "text_start", self.start)


@dataclass
class PostInfo:
    """What a title phrase says: the post, its organisation and country, and whom it describes.

    `title` is the canonical title text ("Special Representative for Arctic and Northern
    Affairs"); `head` its head noun, lower case ("representative"); `holder` the
    entity key of the person the title describes, when the text says whom; `org` / `country`
    entity keys; `tense`: "current", "former" ("former", "used to be", "from 2011 to 2014"),
    "designate" ("-designate", "incoming") or "acting"; `relation`: how the title is tied to
    its holder ("before" a name, "apposition", "predicate" as in "X is / served as Y").

    `kind`: "post", "envoy" (an envoy post), "affiliation" (a job at an organisation: "a
    senior fellow at ..."), "relational" ("his counterpart") or "role" ("his deputy");
    `holder_token`: when the holder is not a named mention, the token that stands for it (a
    pronoun, a surname, "who", a role NP), for the readers to resolve through
    `Token._.referents` once coreference has run; `of_token`: the possessor a relational
    title is relative to ("his" in "his Chilean counterpart"); `definite`: the phrase opens
    with "the" or a possessive ("the Chilean minister"), not "a" ("a senior official");
    `plural`: the head is plural ("the two envoys", "counterparts"); `head_token`: the token
    index of the title's head noun; `also`: further holders of a plural title ("her
    counterparts Pablo Rojas and Rosa Diaz": `holder` the first, `also` the others);
    `gender`: "female" / "male" when the head says it ("spokeswoman", "chairman"), for
    pronoun agreement; `has_remit`: the title names what the post is for ("for Arctic
    Affairs", "to Peru", "of the Andean Division"), so one post of a country, not a bare
    "Minister"; `stated`: False when the sentence names the post without saying anyone holds
    it ("is not the minister", "could become envoy", "declined to become", "if she were
    ..."): the holder is then left unset."""

    title: str
    head: str
    holder: str | None = None
    org: str | None = None
    country: str | None = None
    envoy: bool = False
    tense: str = "current"
    relation: str = "before"
    kind: str = "post"
    holder_token: int | None = None
    of_token: int | None = None
    definite: bool = False
    plural: bool = False
    head_token: int | None = None
    also: tuple[str, ...] = ()
    gender: str | None = None
    has_remit: bool = False
    stated: bool = True


@dataclass(frozen=True)
class TimeValue:
    """A time expression at the precision the text gives.

    `start` / `end`: ISO "YYYY-MM-DD", "YYYY-MM" or "YYYY"; None when the text fixes no date
    ("next week", "soon"), in which case only `expression` (as written) is kept.
    `role`: how the expression bounds what it modifies, when a word says so: "range" ("from
    March 3 to 5": start and end), "end" ("until Friday": only `end` is set), "start" ("from
    Monday"), "since" ("since March": when a state began, not the event's date), "by" (a
    deadline), "before" / "after" ("ahead of Sunday's launch": another event's date); None for
    a plain date of the event.
    `noun`, `noun_role`: when the expression sits inside a noun phrase that a role word governs
    ("weeks after a June 30 meeting", "before her departure on Sunday"), the token index of that
    noun and how its phrase bounds the clause around it ("after", "before", "since", "by",
    "end"). The expression is the noun's own date (`role` None: "a June 30 meeting" is held on
    June 30), and not the date of the clause's event. "ahead of Sunday's vote", the role word
    written right before the expression, keeps `role` "before" as well."""

    expression: str
    start: str | None = None
    end: str | None = None
    role: str | None = None
    noun: int | None = None
    noun_role: str | None = None


@dataclass
class FrameMatch:
    """An event trigger and the tokens that fill its roles.

    `frame`: the frame's name in `patterns/frames.yaml` ("Meeting", "Visit", ...);
    `event_class`: the ontology class of the event it opens; `trigger`: token index of the
    trigger word; `anchor`: token index of the word whose clause carries tense, modality and
    status (the trigger verb, or for a noun the verb that governs it: "held talks");
    `roles`: role name -> token indices of the heads of the phrases that fill it ("time":
    the first tokens of the `doc.spans["time"]` spans that hang in its clause); `needs`: the
    roles the trigger line requires an entity for (checked by the event reader);
    `carriers`: token indices of the verbs a noun trigger took roles from ("held", "arrived
    for")."""

    frame: str
    event_class: str
    trigger: int
    anchor: int
    roles: dict[str, tuple[int, ...]] = field(default_factory=dict)
    needs: tuple[str, ...] = ()
    carriers: tuple[int, ...] = ()


def _warnings(doc: Doc) -> list[str]:
    return doc.user_data.setdefault("peninsula_warnings", [])


def _text(doc: Doc) -> str:
    """The Doc's text, joined once: `Doc.text` joins every token anew on each call, and the
    components read it often. A Doc's text never changes once it is tokenised."""
    text = doc.user_data.get("peninsula_text")
    if text is None:
        text = doc.user_data["peninsula_text"] = doc.text
    return text


def _referents(token: Token) -> tuple[str, ...]:
    return token.doc._.refs.get(token.i, ())


def ensure_layers(doc: Doc) -> None:
    """Give every layer a value, empty where its component did not run or failed."""
    for key in (GAZETTEER, MENTIONS, TITLES, REFERENCES, TIME, ISSUES):
        if key not in doc.spans:
            doc.spans[key] = []
    for name, empty in (("blocks", list), ("entities", dict), ("frames", list), ("refs", dict)):
        if getattr(doc._, name) is None:
            setattr(doc._, name, empty())


def register_extensions() -> None:
    """Declare every layer's extension attribute (idempotent)."""
    for name, default in (("article_id", ""), ("published", None), ("blocks", None), ("entities", None),
                          ("frames", None), ("refs", None), ("article_speaker", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    if not Doc.has_extension("warnings"):  # what a component could not do on this Doc
        Doc.set_extension("warnings", getter=_warnings)
    if not Doc.has_extension("text"):  # Doc.text, computed once
        Doc.set_extension("text", getter=_text)
    for name in ("post", "referents", "via", "time", "acts_for", "country"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if not Token.has_extension("referents"):
        Token.set_extension("referents", getter=_referents)


register_extensions()
