"""peninsula_titles: title phrases and the post each describes.

Each title phrase is a span of `doc.spans["titles"]` with a `PostInfo` in `Span._.post`. The
component reads them in three steps, one module each:

- `title_phrases` (with `title_remits`): the phrase around each head noun of the lexicon
  (`builder/patterns/titles.yaml`): modifiers, country, organisation, tense markers, remits;
  a title stack ("Special Envoy for Peace and Reconciliation Affairs") is one phrase.
- `title_holders`: whom the phrase describes, read off its place in the sentence (the name
  after it, an apposition, the subject or object of a predicate); `title_clauses`: whether a
  predicate's clause states the post at all (a denied, wished-for or supposed post is no post
  held).
- `title_labels`: the titles of transcript speakers' labels in capitals ("DEPUTY SECRETARY
  JANE DOE:"), split by the lexicon alone.
- `title_mentions`: where the entity recogniser missed a name that a title introduces,
  swallowed it into an organisation, or swallowed a title into a name, the mention layer is
  mended for that phrase, with the keys the mentions component would give.

`title_lexicon` loads the lexicon and holds the small word tests the posts reader shares.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..kb import load_kb
from .layers import TITLES, PostInfo
from .title_holders import HolderFinder
from .title_labels import label_titles
from .title_lexicon import Lexicon, _given_names, canonical_title, is_given_name, load_lexicon
from .title_mentions import MentionRepairs
from .title_phrases import Phrase, PhraseReader

__all__ = ["TitleFinder", "Lexicon", "load_lexicon", "canonical_title", "is_given_name"]


@Language.factory("peninsula_titles", default_config={})
def make_titles(nlp: Language, name: str):
    from .mentions import english_words

    return TitleFinder(english_words(nlp))


class TitleFinder:
    def __init__(self, english: frozenset = frozenset()):
        self.english = english  # the lemmatizer's word lists, once per process
        self.lex = load_lexicon()
        self.kb = load_kb()
        _given_names()  # the given-name dictionary, loaded once with the pipeline

    def __call__(self, doc: Doc) -> Doc:
        mentions = MentionRepairs(doc, self.kb, self.lex)
        mentions.trim_titled_names()
        labels, labelled = label_titles(doc, self.lex, mentions)
        reader = PhraseReader(doc, self.lex, self.kb, mentions, self.english)
        phrases = reader.read(skip=labelled)
        HolderFinder(doc, self.lex, mentions, reader).find(phrases)
        phrases = sorted(phrases + labels, key=lambda p: p.start)
        mentions.commit()
        for key, alias in reader.org_alias.items():
            rec = mentions.entity(key)
            if rec is not None:
                rec.names.add(alias)
        doc.spans[TITLES] = [_span(doc, self.lex, reader, p) for p in phrases]
        return doc


def _span(doc: Doc, lex: Lexicon, reader: PhraseReader, p: Phrase) -> Span:
    span = Span(doc, p.start, p.end, label=p.kind)
    span._.post = PostInfo(
        title=canonical_title(p.words), head=p.head, holder=p.holder, org=p.org, country=p.country,
        envoy=p.kind == "envoy", tense=p.tense, relation=p.relation, kind=p.kind,
        holder_token=p.holder_token, of_token=p.of_token, definite=p.definite, head_token=p.head_token,
        also=tuple(p.also), gender=lex.gendered.get(p.head), plural=reader.plural(p.head_token),
        has_remit=p.has_remit, stated=p.stated)
    return span
