"""Every author of a byline reaches the graph as dcterms:creator, and the title a byline gives
after a name stays beside it on the Article (invented outlets, people and places)."""
from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DCTERMS

from builder.emit import Emitter
from builder.extract import extract_article
from builder.iri import IRIMinter
from builder.ingest import apply_manifest, parse_text_article
from builder.kb import load_kb
from builder.nlp import parse_article

TEXT = ("Lima and Quito settle their water dispute\n"
        "By Rosa Quispe and Diego Salazar\n"
        "LIMA, May 4 (Andes Wire) - Peru and Ecuador signed a water-sharing pact on Sunday.\n")


def article(text):
    return apply_manifest(parse_text_article(text, "t.txt", "t", load_kb(), ""), None)


def test_every_author_of_a_byline_is_a_creator_of_the_article():
    art = article(TEXT)
    assert art.authors == ("Rosa Quispe", "Diego Salazar")
    facts = extract_article(art, parse_article(art))
    assert facts.authors == ["person:rosa-quispe", "person:diego-salazar"] and facts.author == "person:rosa-quispe"
    graph = Emitter(IRIMinter("https://example.org/"), {k: r.kind for k, r in facts.entities.items()}).article_graph(facts)
    creators = {o for (s, p, o) in graph if p == DCTERMS.creator}
    assert len(creators) == 2 and all(isinstance(c, URIRef) for c in creators)
    assert {facts.entities[k].label for k in facts.authors} == {"Rosa Quispe", "Diego Salazar"}


def test_the_title_after_a_byline_name_is_kept_beside_the_author():
    art = article("Norway's quiet diplomacy in the Arctic\n"
                  "By Ingrid Solberg, Senior Fellow at the Tromso Polar Institute\n"
                  "Norway has spent the past year brokering talks between its neighbours.\n")
    assert art.authors == ("Ingrid Solberg",)
    assert art.author_titles == {"Ingrid Solberg": "Senior Fellow at the Tromso Polar Institute"}
    art = article("Kenya and Chile settle their grain dispute\nBy Amina Odhiambo and Pablo Rojas, Staff Writers\n"
                  "The grain ministers of Kenya and Chile met in Nairobi on Tuesday.\n")
    assert art.author_titles == {"Amina Odhiambo": "Staff Writers", "Pablo Rojas": "Staff Writers"}
    art = article("Kenya and Chile settle their grain dispute\nBy Amina Odhiambo\n"
                  "The grain ministers of Kenya and Chile met in Nairobi on Tuesday.\n")
    assert art.author_titles == {}
