"""Example queries shown on the query page: what the graph answers, ready to run.

The default graph is the union of the article graphs, where a fact stated by two articles
appears twice; the examples use DISTINCT or GROUP BY so that each answer shows once.
"""
from __future__ import annotations

PREFIXES = """\
PREFIX dip: <https://w3id.org/peninsula/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

EXAMPLES: tuple[dict[str, str], ...] = (
    {
        "title": "Envoys and their posts",
        "query": PREFIXES + """\
SELECT DISTINCT ?envoy ?post ?organization WHERE {
  ?person a dip:Envoy ; rdfs:label ?envoy ; dip:holdsPost ?p .
  ?p rdfs:label ?post .
  OPTIONAL { ?p dip:postIn/rdfs:label ?organization }
}
ORDER BY ?envoy ?post
""",
    },
    {
        "title": "Envoys of two countries meeting each other",
        "query": PREFIXES + """\
SELECT ?meeting ?envoy1 ?country1 ?envoy2 ?country2
       (SAMPLE(?state) AS ?status) (SAMPLE(?when) AS ?date)
WHERE {
  ?meeting a dip:Meeting ; dip:participant ?a, ?b .
  ?a a dip:Envoy ; rdfs:label ?envoy1 ; dip:holdsPost/dip:country ?c1 .
  ?b a dip:Envoy ; rdfs:label ?envoy2 ; dip:holdsPost/dip:country ?c2 .
  ?c1 rdfs:label ?country1 .
  ?c2 rdfs:label ?country2 .
  FILTER(?c1 != ?c2 && STR(?country1) < STR(?country2))
  OPTIONAL { ?meeting dip:status ?s . OPTIONAL { ?s rdfs:label ?statusLabel }
             BIND(COALESCE(?statusLabel, STRAFTER(STR(?s), "#")) AS ?state) }
  OPTIONAL { { ?meeting dip:startDate ?when } UNION { ?meeting dip:timeExpression ?when } }
}
GROUP BY ?meeting ?envoy1 ?country1 ?envoy2 ?country2
ORDER BY ?date
""",
    },
    {
        "title": "Meetings: participants, place, date, status",
        "query": PREFIXES + """\
SELECT ?meeting (GROUP_CONCAT(DISTINCT ?who; separator=", ") AS ?participants)
       (SAMPLE(?where) AS ?place) (SAMPLE(?when) AS ?date) (SAMPLE(?state) AS ?status)
WHERE {
  ?meeting a dip:Meeting .
  OPTIONAL { ?meeting dip:participant/rdfs:label ?who }
  OPTIONAL { ?meeting dip:location/rdfs:label ?where }
  OPTIONAL { { ?meeting dip:startDate ?when } UNION { ?meeting dip:timeExpression ?when } }
  OPTIONAL { ?meeting dip:status ?s . OPTIONAL { ?s rdfs:label ?statusLabel }
             BIND(COALESCE(?statusLabel, STRAFTER(STR(?s), "#")) AS ?state) }
}
GROUP BY ?meeting
ORDER BY ?date
""",
    },
    {
        "title": "Policy positions by issue",
        "query": PREFIXES + """\
SELECT DISTINCT ?issue ?holder ?approach ?evidence WHERE {
  ?position a dip:PolicyPosition ; dip:onIssue ?i ; dip:holder/rdfs:label ?holder .
  OPTIONAL { ?i rdfs:label|skos:prefLabel ?issueLabel }
  BIND(COALESCE(?issueLabel, STRAFTER(STR(?i), "#")) AS ?issue)
  OPTIONAL { ?position dip:approach ?a .
             OPTIONAL { ?a rdfs:label|skos:prefLabel ?approachLabel }
             BIND(COALESCE(?approachLabel, STRAFTER(STR(?a), "#")) AS ?approach) }
  OPTIONAL { ?position dip:evidence/dip:text ?evidence }
}
ORDER BY ?issue ?holder
""",
    },
    {
        "title": "Quotes by speaker, with the sentence that reports them",
        "query": PREFIXES + """\
SELECT DISTINCT ?speaker ?quote ?sentence ?article WHERE {
  ?statement a dip:Statement ; dip:speaker/rdfs:label ?speaker ; dip:quote ?quote .
  OPTIONAL { ?statement dip:evidence ?e . ?e dip:text ?sentence .
             OPTIONAL { ?e dip:inArticle/dcterms:title ?article } }
}
ORDER BY ?speaker
""",
    },
    {
        "title": "Posts by ministry, with their holders",
        "query": PREFIXES + """\
SELECT ?ministry ?post (GROUP_CONCAT(DISTINCT ?name; separator=", ") AS ?holders) WHERE {
  ?m a dip:Ministry ; rdfs:label ?ministry .
  ?p dip:postIn ?m ; rdfs:label ?post .
  OPTIONAL { ?person dip:holdsPost ?p ; rdfs:label ?name }
}
GROUP BY ?ministry ?post
ORDER BY ?ministry ?post
""",
    },
    {
        "title": "Articles: title, author, outlet, date",
        "query": PREFIXES + """\
SELECT DISTINCT ?article ?title ?author ?outlet ?issued WHERE {
  ?article a dip:Article ; dcterms:title ?title .
  OPTIONAL { ?article dcterms:creator/rdfs:label ?author }
  OPTIONAL { ?article dcterms:publisher/rdfs:label ?outlet }
  OPTIONAL { ?article dcterms:issued ?issued }
}
ORDER BY ?issued
""",
    },
    {
        "title": "Who is mentioned most, across articles",
        "query": PREFIXES + """\
SELECT ?entity ?name (COUNT(DISTINCT ?article) AS ?articles) WHERE {
  ?entity dip:mentionedIn ?article ; rdfs:label ?name .
}
GROUP BY ?entity ?name
ORDER BY DESC(?articles) ?name
LIMIT 20
""",
    },
)
