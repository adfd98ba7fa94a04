"""The ontology: the contract terms, annotation rules, OWL 2 DL, the release files, HermiT.

The contract is read from ../shared/VOCABULARY.md when it is there (and from
docs/data-model.md for the controlled individuals), on top of a hard-coded copy, so a term
added to the contract and missing here fails a test.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rdflib
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

import ontology
from ontology import CATALOG, NAMESPACE, ONTOLOGY_DOCS, ONTOLOGY_IRI, ONTOLOGY_OWL, ONTOLOGY_TTL, build_release, lint

REPO = Path(__file__).resolve().parents[1]
VOCABULARY_MD = REPO.parent / "shared" / "VOCABULARY.md"
DATA_MODEL_MD = REPO / "docs" / "data-model.md"
PROFILE_CHECK = Path(__file__).parent / "data" / "ontology" / "Owl2DlProfile.java"

DIP = rdflib.Namespace(NAMESPACE)
# An open namespace: pytest's collection probes module attributes, and rdflib's closed XSD
# namespace warns on every unknown attribute.
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")
VANN = rdflib.Namespace("http://purl.org/vocab/vann/")
ONT = rdflib.URIRef(ONTOLOGY_IRI)
PREFIXES = {
    "dip": NAMESPACE, "rdfs": str(RDFS), "skos": str(SKOS), "owl": str(OWL), "xsd": str(XSD),
    "dcterms": str(DCTERMS), "prov": "http://www.w3.org/ns/prov#", "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#", "schema": "https://schema.org/",
}

# --- the contract, hard-coded (VOCABULARY.md, 2018-11 edition) --------------------------------

CONTRACT_CLASSES = {  # class -> its named superclasses ("aligned to")
    "dip:Agent": {"prov:Agent", "foaf:Agent"},
    "dip:Person": {"dip:Agent", "foaf:Person", "schema:Person"},
    "dip:Envoy": {"dip:Person"},
    "dip:Organization": {"dip:Agent", "org:Organization"},
    "dip:GovernmentBody": {"dip:Organization"},
    "dip:Ministry": {"dip:GovernmentBody"},
    "dip:MediaOutlet": {"dip:Organization"},
    "dip:ResearchInstitute": {"dip:Organization"},
    "dip:InternationalOrganization": {"dip:Organization"},
    "dip:WorkingGroup": {"dip:Organization"},
    "dip:Country": {"dip:Agent", "dip:Place"},
    "dip:Place": {"schema:Place"},
    "dip:Post": {"org:Post"},
    "dip:EnvoyPost": {"dip:Post"},
    "dip:Event": {"schema:Event"},
    "dip:Meeting": {"dip:Event"},
    "dip:Summit": {"dip:Meeting"},
    "dip:Visit": {"dip:Event"},
    "dip:PolicyPosition": {"prov:Entity"},
    "dip:PolicyApproach": {"skos:Concept"},
    "dip:Issue": {"skos:Concept"},
    "dip:EventStatus": {"skos:Concept"},
    "dip:Statement": {"prov:Entity"},
    "dip:Article": {"schema:NewsArticle", "prov:Entity"},
    "dip:Evidence": {"prov:Entity"},
}
EXTRA_CLASSES = {  # added for the builder (docs/data-model.md, event kinds of builder/model.py)
    "dip:WorkingGroupMeeting": {"dip:Meeting"},
    "dip:Talks": {"dip:Meeting"},
    "dip:PressConference": {"dip:Event"},
    "dip:Briefing": {"dip:Event"},
    "dip:Speech": {"dip:Event"},
    "dip:Demolition": {"dip:Event"},
}
# property -> (domain classes or None for "any", range: classes / xsd name / None for "any")
CONTRACT_PROPERTIES = {
    "dip:holdsPost": ({"dip:Person"}, {"dip:Post"}),
    "dip:postIn": ({"dip:Post"}, {"dip:Organization"}),
    "dip:country": ({"dip:Agent", "dip:Post", "dip:Place"}, {"dip:Country"}),
    "dip:subOrganizationOf": ({"dip:Organization"}, {"dip:Organization", "dip:Country"}),
    "dip:memberOf": ({"dip:Person"}, {"dip:Organization"}),
    "dip:leads": ({"dip:Agent"}, {"dip:Organization"}),
    "dip:counterpart": ({"dip:Person"}, {"dip:Person"}),
    "dip:participant": ({"dip:Event"}, {"dip:Agent"}),
    "dip:location": ({"dip:Event"}, {"dip:Place"}),
    "dip:startDate": ({"dip:Event"}, "date"),
    "dip:endDate": ({"dip:Event"}, "date"),
    "dip:timeExpression": ({"dip:Event"}, "xsd:string"),
    "dip:status": ({"dip:Event"}, {"dip:EventStatus"}),
    "dip:topic": ({"dip:Event", "dip:Statement"}, {"dip:Issue"}),
    "dip:requestedBy": ({"dip:Event"}, {"dip:Agent"}),
    "dip:outcome": ({"dip:Event"}, "xsd:string"),
    "dip:partOf": ({"dip:Event"}, {"dip:Event"}),
    "dip:holder": ({"dip:PolicyPosition"}, {"dip:Agent"}),
    "dip:onIssue": ({"dip:PolicyPosition"}, {"dip:Issue"}),
    "dip:approach": ({"dip:PolicyPosition"}, {"dip:PolicyApproach"}),
    "dip:supports": ({"dip:PolicyPosition"}, None),
    "dip:opposes": ({"dip:PolicyPosition"}, None),
    "dip:speaker": ({"dip:Statement"}, {"dip:Agent"}),
    "dip:quote": ({"dip:Statement"}, "xsd:string"),
    "dip:about": ({"dip:Statement"}, None),
    "dip:evidence": (None, {"dip:Evidence"}),
    "dip:inArticle": ({"dip:Evidence"}, {"dip:Article"}),
    "dip:text": ({"dip:Evidence"}, "xsd:string"),
    "dip:startOffset": ({"dip:Evidence"}, "xsd:integer"),
    "dip:endOffset": ({"dip:Evidence"}, "xsd:integer"),
    "dip:confidence": (None, "xsd:decimal"),
    "dip:mentionedIn": (None, {"dip:Article"}),
}
EXTRA_PROPERTIES = {
    "dip:statedOn": ({"dip:Statement"}, "date"),
    "dip:asOf": ({"dip:PolicyPosition"}, "date"),
}
# Deliberate widenings of a contract domain, each with its reason.
WIDENED_DOMAINS = {
    # ../shared/cq/seeds/09-working-group-issues.rq asks for the dip:topic of a dip:WorkingGroup
    "dip:topic": {"dip:WorkingGroup"},
}
EXTERNAL_PROPERTY_KINDS = {
    "skos:altLabel": OWL.AnnotationProperty,
    "skos:hiddenLabel": OWL.AnnotationProperty,
    "skos:prefLabel": OWL.AnnotationProperty,
    "skos:definition": OWL.AnnotationProperty,
    "dcterms:title": OWL.DatatypeProperty,
    "dcterms:issued": OWL.DatatypeProperty,
    "dcterms:creator": OWL.ObjectProperty,
    "dcterms:publisher": OWL.ObjectProperty,
    "dcterms:identifier": OWL.DatatypeProperty,  # written by builder/emit.py
    "schema:articleBody": OWL.DatatypeProperty,  # written by builder/emit.py
}
STATUSES = ["dip:Proposed", "dip:Planned", "dip:Held", "dip:Postponed", "dip:Cancelled"]
ISSUES = ["dip:Denuclearization", "dip:Sanctions", "dip:SanctionsRelief", "dip:InterKoreanCooperation",
          "dip:InterKoreanRelations", "dip:PeaceRegime", "dip:SecurityGuarantees", "dip:WeaponsTesting",
          "dip:HostilePolicy", "dip:NegotiationDeadline", "dip:Negotiations",
          "dip:FacilityDismantlement", "dip:LiaisonOffices", "dip:EndOfWarDeclaration", "dip:HumanRights",
          "dip:Abductions", "dip:SatelliteLaunches", "dip:Deterrence", "dip:ExtendedDeterrence",
          "dip:HumanitarianAid", "dip:JointMilitaryExercises", "dip:NuclearProgram", "dip:SanctionsEvasion",
          "dip:ArmsTransfers", "dip:Diplomacy", "dip:Provocations"]
APPROACHES = ["dip:BigDeal", "dip:PhasedApproach", "dip:ComprehensiveAgreementStepByStep",
              "dip:SimultaneousParallelApproach", "dip:PriorityApproach", "dip:MaximumPressure",
              "dip:StrategicPatience", "dip:AudaciousInitiative"]
# The datatypes of the OWL 2 datatype map (OWL 2 Structural Specification, section 4).
OWL2_DATATYPES = {str(XSD) + n for n in (
    "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long int "
    "short byte unsignedLong unsignedInt unsignedShort unsignedByte double float string "
    "normalizedString token language Name NCName NMTOKEN boolean hexBinary base64Binary anyURI "
    "dateTime dateTimeStamp").split()} | {str(RDF.PlainLiteral), str(RDF.XMLLiteral), str(RDFS.Literal),
                                         str(OWL.real), str(OWL.rational), str(RDF.langString)}


def iri(curie: str) -> rdflib.URIRef:
    prefix, local = curie.split(":", 1)
    return rdflib.URIRef(PREFIXES[prefix] + local)


# --- the contract, parsed from VOCABULARY.md -----------------------------------------------------

_TERM = re.compile(r"`((?:dip|rdfs|skos|owl|dcterms|prov|foaf|org|schema|xsd):[A-Za-z]+)`")


def _table_rows(text: str, heading: str) -> list[list[str]]:
    section = text.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows]


def parsed_contract() -> tuple[dict, dict, set]:
    """(classes, properties, individuals) as in CONTRACT_*, read from the markdown files."""
    classes, properties, individuals = {}, {}, set()
    if VOCABULARY_MD.is_file():
        text = VOCABULARY_MD.read_text(encoding="utf-8")
        for name, _meaning, aligned in _table_rows(text, "Classes"):
            classes[_TERM.findall(name)[0]] = set(_TERM.findall(aligned))
        for names, signature, _meaning in _table_rows(text, "Properties"):
            for name in _TERM.findall(names):
                if not name.startswith("dip:") or "->" not in signature:
                    properties.setdefault(name, None)  # external: checked by kind only
                    continue
                domain_text, range_text = signature.split("->", 1)
                domain = {t for t in _TERM.findall(domain_text) if t.startswith("dip:")} or None
                range_terms = _TERM.findall(range_text)
                if not range_terms:
                    rng = None
                elif any(t in ("xsd:date", "xsd:gYear", "xsd:gYearMonth") for t in range_terms):
                    rng = "date"
                elif range_terms[0].startswith("xsd:"):
                    rng = range_terms[0]
                else:
                    rng = set(range_terms)
                properties[name] = (domain, rng)
        individuals |= {t for t in _TERM.findall(text.split("## Properties")[0].split("## Classes", 1)[1])
                        if t.startswith("dip:") and t not in classes}
    if DATA_MODEL_MD.is_file():
        text = DATA_MODEL_MD.read_text(encoding="utf-8")
        if "## Controlled individuals" in text:
            section = text.split("## Controlled individuals", 1)[1].split("\n## ", 1)[0]
            individuals |= {t for t in re.findall(r"dip:[A-Za-z]+", section)
                            if t not in ("dip:EventStatus", "dip:Issue", "dip:PolicyApproach")}
    return classes, properties, individuals


PARSED_CLASSES, PARSED_PROPERTIES, PARSED_INDIVIDUALS = parsed_contract()
ALL_CLASSES = {**CONTRACT_CLASSES, **EXTRA_CLASSES, **PARSED_CLASSES}
ALL_DIP_PROPERTIES = {**CONTRACT_PROPERTIES, **EXTRA_PROPERTIES,
                      **{k: v for k, v in PARSED_PROPERTIES.items() if k.startswith("dip:")}}
ALL_INDIVIDUALS = set(STATUSES + ISSUES + APPROACHES) | {
    t for t in PARSED_INDIVIDUALS if t not in ALL_CLASSES and t not in ALL_DIP_PROPERTIES}


@pytest.fixture(scope="module")
def g() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_TTL, format="turtle")


def dip_terms(graph: rdflib.Graph) -> set[rdflib.URIRef]:
    return {s for s in graph.subjects(RDF.type, None) if isinstance(s, rdflib.URIRef) and s.startswith(NAMESPACE)}


def named_or_union(graph: rdflib.Graph, node) -> set[str]:
    """A class expression as a set of IRIs: the class itself, or the members of its owl:unionOf."""
    union = graph.value(node, OWL.unionOf)
    members = list(Collection(graph, union)) if union is not None else [node]
    return {str(m) for m in members}


# --- the files -----------------------------------------------------------------------------------

def test_package_paths_point_at_the_shipped_files():
    assert ontology.ONTOLOGY_DIR == Path(ontology.__file__).resolve().parent
    for path in (ONTOLOGY_TTL, ONTOLOGY_OWL, CATALOG, ONTOLOGY_DOCS):
        assert path.is_file(), path
    assert NAMESPACE == ONTOLOGY_IRI + "#"


def test_release_owl_is_isomorphic_to_the_turtle_source(g):
    release = rdflib.Graph().parse(ONTOLOGY_OWL, format="xml")
    assert isomorphic(g, release), "peninsula.owl differs from peninsula.ttl: run `python -m ontology.build_release`"


def test_release_files_are_byte_identical_to_a_rebuild():
    for path, text in build_release.build().items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run `python -m ontology.build_release`"
    assert build_release.main(["--check"]) == 0


def test_catalog_maps_ontology_and_version_iri_to_the_release_file(g):
    ns = {"c": "urn:oasis:names:tc:entity:xmlns:xml:catalog"}
    entries = {uri.get("name"): uri.get("uri") for uri in ET.parse(CATALOG).getroot().findall("c:uri", ns)}
    version = str(g.value(ONT, OWL.versionIRI))
    assert entries == {ONTOLOGY_IRI: ONTOLOGY_OWL.name, version: ONTOLOGY_OWL.name}
    assert (CATALOG.parent / ONTOLOGY_OWL.name).is_file()


def test_header_names_title_licence_version_and_namespace(g):
    assert (ONT, RDF.type, OWL.Ontology) in g
    assert g.value(ONT, DCTERMS.title).language == "en"
    assert g.value(ONT, DCTERMS.description).language == "en"
    assert g.value(ONT, DCTERMS.license) == rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert g.value(ONT, DCTERMS.creator) is not None
    version = str(g.value(ONT, OWL.versionInfo))
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert g.value(ONT, OWL.versionIRI) == rdflib.URIRef(f"{ONTOLOGY_IRI}/{version}")
    assert str(g.value(ONT, VANN.preferredNamespacePrefix)) == "dip"
    assert str(g.value(ONT, VANN.preferredNamespaceUri)) == NAMESPACE
    assert list(g.objects(ONT, OWL.imports)) == [], "no imports for now: external terms are declared locally"


def test_every_import_resolves_through_the_catalog_to_a_file_in_imports(g):
    """Protégé opens the ontology offline only if each owl:imports has a catalog entry naming
    a file that is there. (There are no imports now; this guards the day one is added.)"""
    catalog = build_release.read_catalog(CATALOG)
    for imported in g.objects(None, OWL.imports):
        assert str(imported) in catalog, f"owl:imports <{imported}> has no entry in {CATALOG.name}"
        file = catalog[str(imported)]
        assert file.startswith("imports/") and (CATALOG.parent / file).is_file(), \
            f"<{imported}> maps to {file}, which is not a file in ontology/imports/"
    for name, file in catalog.items():
        assert (CATALOG.parent / file).is_file(), f"the catalog maps <{name}> to the missing file {file}"


def test_an_import_gets_a_catalog_entry_from_its_file_and_fails_without_one(tmp_path, g):
    imports = tmp_path / "imports"
    imports.mkdir()
    (imports / "time.ttl").write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<http://www.w3.org/2006/time> a owl:Ontology ; owl:versionIRI <http://www.w3.org/2006/time/2017> .\n",
        encoding="utf-8")
    importing = rdflib.Graph() + g
    importing.add((ONT, OWL.imports, rdflib.URIRef("http://www.w3.org/2006/time/2017")))
    catalog = tmp_path / "catalog-v001.xml"
    catalog.write_text(build_release.render_catalog(importing, imports_dir=imports), encoding="utf-8")
    assert build_release.read_catalog(catalog)["http://www.w3.org/2006/time/2017"] == "imports/time.ttl"

    importing.add((ONT, OWL.imports, rdflib.URIRef("http://example.org/not-saved")))
    with pytest.raises(ValueError, match="http://example.org/not-saved"):
        build_release.render_catalog(importing, imports_dir=imports)


# --- lint queries (ontology/lint/*.rq): each must return no rows ---------------------------------

LINT_RULES = sorted(lint.queries())


def test_lint_rules_are_the_five_documented_ones():
    assert LINT_RULES == ["import-without-catalog-entry", "no-definition", "no-english-label",
                          "no-is-defined-by", "shared-label"]


@pytest.fixture(scope="module")
def lint_g() -> rdflib.Graph:
    return lint.lint_graph()


@pytest.mark.parametrize("rule", LINT_RULES)
def test_lint_rule_finds_nothing_in_the_ontology(lint_g, rule):
    assert lint.run(lint_g, lint.queries()[rule]) == []


def _drop(g, s, p):
    g.remove((s, p, None))


# rule -> (how to break a copy of the ontology, the IRI the rule must then report)
BREAKAGES = {
    "no-english-label": (lambda g: _drop(g, DIP.Envoy, RDFS.label), DIP.Envoy),
    "no-definition": (lambda g: g.add((DIP.holdsPost, SKOS.definition, rdflib.Literal("again", lang="en"))),
                      DIP.holdsPost),
    "no-is-defined-by": (lambda g: _drop(g, DIP.Postponed, RDFS.isDefinedBy), DIP.Postponed),
    "shared-label": (lambda g: (_drop(g, DIP.Visit, RDFS.label),
                                g.add((DIP.Visit, RDFS.label, rdflib.Literal("Meeting", lang="en")))), DIP.Visit),
    "import-without-catalog-entry": (lambda g: g.add((ONT, OWL.imports, rdflib.URIRef("http://www.w3.org/2006/time"))),
                                     rdflib.URIRef("http://www.w3.org/2006/time")),
}


@pytest.mark.parametrize("rule", LINT_RULES)
def test_lint_rule_catches_a_broken_copy(lint_g, rule):
    broken = rdflib.Graph() + lint_g
    breaking, culprit = BREAKAGES[rule]
    breaking(broken)
    rows = lint.run(broken, lint.queries()[rule])
    assert rows and any(culprit in row for row in rows), rows


def test_lint_import_rule_accepts_an_import_the_catalog_maps_to_a_file(lint_g):
    fixed = rdflib.Graph() + lint_g
    time = rdflib.URIRef("http://www.w3.org/2006/time")
    fixed.add((ONT, OWL.imports, time))
    fixed.add((time, rdflib.URIRef(lint.LINT_NS + "catalogFile"), rdflib.Literal("imports/time.owl")))
    assert lint.run(fixed, lint.queries()["import-without-catalog-entry"]) == []


def test_lint_command_reports_each_rule_and_fails_on_a_broken_file(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "ontology.lint"], capture_output=True, text=True, cwd=REPO)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert all(f"{rule}: ok" in ok.stdout for rule in LINT_RULES)
    broken = tmp_path / "broken.ttl"
    broken.write_text(ONTOLOGY_TTL.read_text(encoding="utf-8").replace(
        'rdfs:label "envoy"@en', 'rdfs:label "envoy"@de'), encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "ontology.lint", str(broken)], capture_output=True, text=True,
                         cwd=REPO)
    assert bad.returncode == 1
    assert "no-english-label: 1 problem(s)" in bad.stdout and "#Envoy>" in bad.stdout


# --- HTML documentation (pyLODE) ----------------------------------------------------------------

def test_html_documentation_names_every_dip_class_and_property(g):
    html = ONTOLOGY_DOCS.read_text(encoding="utf-8")
    assert "<title>Peninsula ontology</title>" in html
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    terms = {s for kind in kinds for s in g.subjects(RDF.type, kind) if str(s).startswith(NAMESPACE)}
    assert len(terms) > 60
    missing = sorted(t for t in terms if f"<code>{t}</code>" not in html)
    assert missing == [], f"not in docs/index.html: {missing}"
    # offline: nothing is fetched from elsewhere when the page is opened
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?://', html)


# --- the contract terms --------------------------------------------------------------------------

@pytest.mark.parametrize("term", sorted(ALL_CLASSES))
def test_contract_class_exists_with_its_alignment(g, term):
    cls = iri(term)
    assert (cls, RDF.type, OWL.Class) in g, f"{term} is not declared owl:Class"
    parents = {str(o) for o in g.objects(cls, RDFS.subClassOf) if isinstance(o, rdflib.URIRef)}
    assert parents == {str(iri(p)) for p in ALL_CLASSES[term]}, f"{term} rdfs:subClassOf"


@pytest.mark.parametrize("term", sorted(ALL_DIP_PROPERTIES))
def test_contract_property_exists_with_its_domain_and_range(g, term):
    prop = iri(term)
    kinds = {k for k in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty) if (prop, RDF.type, k) in g}
    assert len(kinds) == 1, f"{term} must be exactly one of object / datatype / annotation property, is {kinds}"
    domain, rng = ALL_DIP_PROPERTIES[term]

    declared_domain = g.value(prop, RDFS.domain)
    if domain is None:
        assert declared_domain is None, f"{term} has no domain in the contract"
    else:
        expected = {str(iri(c)) for c in domain | WIDENED_DOMAINS.get(term, set())}
        assert named_or_union(g, declared_domain) == expected, f"{term} rdfs:domain"

    declared_range = g.value(prop, RDFS.range)
    if rng is None or rng == "date":
        # "any", or dates: xsd:date / gYearMonth / gYear are not OWL 2 datatypes
        assert declared_range is None, f"{term} must have no rdfs:range"
        if rng == "date":
            assert kinds == {OWL.DatatypeProperty}
    elif isinstance(rng, str):
        assert kinds == {OWL.DatatypeProperty}
        if rng == "xsd:decimal":  # restricted to [0, 1]
            assert g.value(declared_range, OWL.onDatatype) == XSD.decimal
        else:
            assert declared_range == iri(rng), f"{term} rdfs:range"
    else:
        assert kinds == {OWL.ObjectProperty}
        assert named_or_union(g, declared_range) == {str(iri(c)) for c in rng}, f"{term} rdfs:range"


@pytest.mark.parametrize("term", sorted(EXTERNAL_PROPERTY_KINDS))
def test_external_property_has_a_dl_safe_typing(g, term):
    assert (iri(term), RDF.type, EXTERNAL_PROPERTY_KINDS[term]) in g
    assert g.value(iri(term), RDFS.domain) is None and g.value(iri(term), RDFS.range) is None


@pytest.mark.parametrize("term", sorted(ALL_INDIVIDUALS))
def test_controlled_individual_exists(g, term):
    node = iri(term)
    assert (node, RDF.type, OWL.NamedIndividual) in g, f"{term} is not declared"
    assert (node, RDF.type, SKOS.Concept) in g or (node, RDF.type, SKOS.ConceptScheme) in g


def test_parsed_vocabulary_is_not_empty_when_present():
    if not VOCABULARY_MD.is_file():
        pytest.skip(f"{VOCABULARY_MD} not found; the hard-coded contract is checked instead")
    assert len(PARSED_CLASSES) >= 25 and len(PARSED_PROPERTIES) >= 30
    assert set(STATUSES) <= PARSED_INDIVIDUALS


# --- annotation rules ------------------------------------------------------------------------------

def test_every_dip_term_has_one_english_label_definition_and_is_defined_by(g):
    problems = []
    for term in sorted(dip_terms(g)):
        labels = list(g.objects(term, RDFS.label))
        definitions = list(g.objects(term, SKOS.definition))
        if len(labels) != 1 or labels[0].language != "en":
            problems.append(f"{term}: rdfs:label {labels}")
        if len(definitions) != 1 or definitions[0].language != "en":
            problems.append(f"{term}: skos:definition {definitions}")
        if list(g.objects(term, RDFS.isDefinedBy)) != [ONT]:
            problems.append(f"{term}: rdfs:isDefinedBy")
    assert not problems, "\n".join(problems)
    assert len(dip_terms(g)) > 80


def test_dip_labels_are_unique(g):
    seen: dict[str, rdflib.URIRef] = {}
    for term in dip_terms(g):
        label = str(g.value(term, RDFS.label)).lower()
        assert label not in seen, f"{term} and {seen[label]} share the label {label!r}"
        seen[label] = term


def test_every_dip_iri_used_is_declared(g):
    declared = dip_terms(g)
    used = {t for triple in g for t in triple if isinstance(t, rdflib.URIRef) and t.startswith(NAMESPACE)}
    assert used - declared == set()


def test_external_terms_are_declared_with_a_label(g):
    builtin = (str(RDF.type).split("#")[0], str(RDFS.label).split("#")[0], str(OWL.Class).split("#")[0], str(XSD))
    used = set()
    for s, p, o in g:
        used.add(p)
        if p in (RDFS.subClassOf, RDF.type, OWL.someValuesFrom, RDFS.domain, RDFS.range, OWL.onProperty):
            used.add(o)
    external = {t for t in used if isinstance(t, rdflib.URIRef) and not t.startswith(NAMESPACE)
                and not str(t).startswith(builtin)}
    assert external, "expected some external terms"
    for term in sorted(external):
        assert g.value(term, RDF.type) in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
                                           OWL.AnnotationProperty), f"{term} is not declared"
        assert g.value(term, RDFS.label) is not None, f"{term} has no rdfs:label"


def test_no_range_outside_the_owl2_datatype_map(g):
    for prop, rng in g.subject_objects(RDFS.range):
        if isinstance(rng, rdflib.URIRef) and rng.startswith(str(XSD)):
            assert str(rng) in OWL2_DATATYPES, f"{prop} has range {rng}, not an OWL 2 datatype"


# --- axioms ------------------------------------------------------------------------------------------

def test_envoy_is_defined_as_a_person_holding_an_envoy_post(g):
    equivalent = g.value(DIP.Envoy, OWL.equivalentClass)
    parts = list(Collection(g, g.value(equivalent, OWL.intersectionOf)))
    assert DIP.Person in parts
    (restriction,) = [p for p in parts if isinstance(p, rdflib.BNode)]
    assert g.value(restriction, OWL.onProperty) == DIP.holdsPost
    assert g.value(restriction, OWL.someValuesFrom) == DIP.EnvoyPost


def test_counterpart_is_symmetric(g):
    assert (DIP.counterpart, RDF.type, OWL.SymmetricProperty) in g


def _disjoint_pairs(g) -> set[frozenset]:
    pairs = {frozenset(p) for p in g.subject_objects(OWL.disjointWith)}
    for axiom in g.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(g, g.value(axiom, OWL.members)))
        pairs |= {frozenset((a, b)) for a in members for b in members if a != b}
    return pairs


def test_disjoint_kinds_but_agent_and_place_overlap(g):
    pairs = _disjoint_pairs(g)
    for a, b in [("Person", "Organization"), ("Person", "Place"), ("Event", "Agent"), ("Event", "Place")]:
        assert frozenset((DIP[a], DIP[b])) in pairs, f"dip:{a} and dip:{b} should be disjoint"
    # A country is both: disjointness here would make every country unsatisfiable.
    assert frozenset((DIP.Agent, DIP.Place)) not in pairs
    assert frozenset((DIP.Country, DIP.Agent)) not in pairs and frozenset((DIP.Country, DIP.Place)) not in pairs


# --- controlled vocabularies ---------------------------------------------------------------------

@pytest.mark.parametrize("members, cls, scheme", [
    (STATUSES, "dip:EventStatus", "dip:EventStatusScheme"),
    (ISSUES, "dip:Issue", "dip:IssueScheme"),
    (APPROACHES, "dip:PolicyApproach", "dip:ApproachScheme"),
])
def test_concepts_are_typed_in_their_scheme_and_all_different(g, members, cls, scheme):
    assert (iri(scheme), RDF.type, SKOS.ConceptScheme) in g
    for member in members:
        node = iri(member)
        assert {iri(cls), SKOS.Concept} <= set(g.objects(node, RDF.type)), member
        assert (node, SKOS.inScheme, iri(scheme)) in g, member
        assert g.value(node, SKOS.prefLabel) == g.value(node, RDFS.label), f"{member}: prefLabel != label"
        assert all(alt.language == "en" for alt in g.objects(node, SKOS.altLabel))
    all_different = [set(Collection(g, g.value(a, OWL.distinctMembers))) for a in g.subjects(RDF.type, OWL.AllDifferent)]
    assert {iri(m) for m in members} in all_different


@pytest.mark.parametrize("term, label, alt_labels", [
    ("dip:BigDeal", "big deal", []),
    ("dip:PhasedApproach", "phased approach",
     ["phased denuclearization", "step-by-step approach", "step-by-step, simultaneous measures", "action for action"]),
    ("dip:ComprehensiveAgreementStepByStep", "comprehensive agreement with step-by-step implementation", ["road map"]),
    ("dip:SimultaneousParallelApproach", "simultaneous and parallel approach", []),
    ("dip:Denuclearization", "denuclearization", []),
    ("dip:Sanctions", "sanctions", []),
    ("dip:SanctionsRelief", "sanctions relief", []),
    ("dip:InterKoreanCooperation", "inter-Korean cooperation", []),
])
def test_concept_labels_match_the_words_queries_use(g, term, label, alt_labels):
    node = iri(term)
    assert g.value(node, RDFS.label) == rdflib.Literal(label, lang="en")
    assert {rdflib.Literal(a, lang="en") for a in alt_labels} <= set(g.objects(node, SKOS.altLabel))


def test_sanctions_relief_is_narrower_than_sanctions(g):
    assert (DIP.SanctionsRelief, SKOS.broader, DIP.Sanctions) in g


def test_alt_labels_do_not_repeat_across_concepts(g):
    seen: dict[str, rdflib.URIRef] = {}
    for node, alt in g.subject_objects(SKOS.altLabel):
        key = str(alt).lower()
        assert seen.setdefault(key, node) == node, f"altLabel {alt!r} on both {node} and {seen[key]}"
        assert key != str(g.value(node, SKOS.prefLabel)).lower()


def test_individuals_do_not_link_in_cycles(g):
    """pyshacl deep-copies every owl:NamedIndividual (10 levels) when it mixes the ontology
    into a data graph; links between individuals that loop back (e.g. skos:hasTopConcept
    beside skos:inScheme) make that exponential: minutes per article instead of 0.1 s."""
    individuals = set(g.subjects(RDF.type, OWL.NamedIndividual))
    edges = {i: {o for o in g.objects(i, None) if o in individuals} for i in individuals}

    def reaches(start, goal, seen=frozenset()):
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n})) for n in edges[start])

    assert [i for i in individuals if reaches(i, i)] == []


# --- OWL 2 DL and HermiT ---------------------------------------------------------------------------

def _hermit_jar() -> Path:
    import owlready2

    return Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"


needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java on PATH")


def test_owlready2_loads_the_release_file():
    import owlready2

    world = owlready2.World()
    try:
        onto = world.get_ontology(ONTOLOGY_OWL.as_uri()).load()
        assert onto.base_iri == NAMESPACE
        assert world[NAMESPACE + "Envoy"] is not None
        assert len(list(world.classes())) >= 40
    finally:
        world.close()


DEBIAN_OWLAPI = Path("/usr/share/java/owlapi-distribution.jar")


def owlapi_classpath() -> tuple[str, str]:
    """(class path, which OWL API) for the profile check: Debian's libowlapi-java, the OWL API
    Protégé is built on (`make test` installs it), with the jars of the packages it depends
    on; only if it is not installed, the older OWL API bundled in owlready2's HermiT.jar."""
    if DEBIAN_OWLAPI.is_file() and shutil.which("dpkg-query"):
        depends = subprocess.run(["dpkg-query", "-W", "-f=${Depends}", "libowlapi-java"],
                                 capture_output=True, text=True, check=True).stdout
        jars = [str(DEBIAN_OWLAPI)]
        for package in (d.split()[0] for d in depends.split(",") if d.strip()):
            listing = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True).stdout.split()
            # one SLF4J binding (nop), not all of them; versioned names are links to the same jars
            jars += [f for f in listing if re.fullmatch(r"/usr/share/java/[^/]+\.jar", f)
                     and not Path(f).is_symlink() and not re.search(r"slf4j-(?!api|nop)|log4j-over", f)]
        return ":".join(jars), "Debian libowlapi-java"
    return str(_hermit_jar()), "owlready2 HermiT.jar"


def run_profile_check(document: Path, catalog: Path | None = None) -> subprocess.CompletedProcess:
    classpath, _which = owlapi_classpath()
    args = ["java", "-cp", classpath, str(PROFILE_CHECK), str(document)] + ([str(catalog)] if catalog else [])
    return subprocess.run(args, capture_output=True, text=True, timeout=300)


needs_javac = pytest.mark.skipif(shutil.which("javac") is None,
                                 reason="the OWL 2 DL profile check compiles Java source (needs a JDK)")


@needs_javac
def test_release_file_is_in_the_owl2_dl_profile():
    result = run_profile_check(ONTOLOGY_OWL, CATALOG)
    assert result.returncode == 0, f"OWL 2 DL profile violations:\n{result.stdout}{result.stderr}"
    assert "axioms:" in result.stdout
    # which OWL API ran is part of the output (and of the test log with -rP)
    print(owlapi_classpath()[1], result.stdout.splitlines()[0])
    assert f"catalog: {ONTOLOGY_IRI} -> {ONTOLOGY_OWL}" in result.stdout


def test_the_profile_check_uses_debians_owlapi_when_it_is_installed():
    if not DEBIAN_OWLAPI.is_file():
        pytest.skip("libowlapi-java is not installed (`make test` installs it): HermiT.jar's OWL API is used")
    assert owlapi_classpath()[1] == "Debian libowlapi-java"


@needs_javac
def test_owlapi_resolves_an_import_through_the_catalog_and_refuses_one_without_entry(tmp_path, g):
    imports = tmp_path / "imports"
    imports.mkdir()
    rdflib.Graph().parse(data=(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<http://extra.invalid/ontology> a owl:Ontology .\n"
        "<http://extra.invalid/ontology#Delegation> a owl:Class ; rdfs:label \"delegation\"@en .\n"),
        format="turtle").serialize(imports / "extra.owl", format="xml")
    importing = rdflib.Graph() + g
    importing.add((ONT, OWL.imports, rdflib.URIRef("http://extra.invalid/ontology")))
    (tmp_path / "peninsula.owl").write_text(build_release.render_owl(importing), encoding="utf-8")
    catalog = tmp_path / "catalog-v001.xml"
    catalog.write_text(build_release.render_catalog(importing, imports_dir=imports), encoding="utf-8")

    result = run_profile_check(tmp_path / "peninsula.owl", catalog)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"catalog: http://extra.invalid/ontology -> {imports / 'extra.owl'}" in result.stdout

    # without a catalog entry the import cannot be resolved (.invalid names no host): the load fails
    catalog.write_text(build_release.render_catalog(g, imports_dir=imports), encoding="utf-8")
    unresolved = run_profile_check(tmp_path / "peninsula.owl", catalog)
    assert unresolved.returncode != 0 and "axioms:" not in unresolved.stdout


@needs_java
def test_hermit_finds_the_ontology_consistent_without_unsatisfiable_classes():
    from builder.reasoner import check_ontology

    report = check_ontology()
    assert report.consistent, report.message
    assert report.unsatisfiable == [], report.message
    assert report.ok
    assert report.classes >= 40 and report.properties >= 40 and report.individuals >= 20
    assert report.seconds > 0


def _person_with_post(graph: rdflib.Graph, name: str, post_class: rdflib.URIRef) -> tuple[str, str]:
    person = rdflib.URIRef(f"https://w3id.org/peninsula/id/person/{name}")
    post = rdflib.URIRef(f"https://w3id.org/peninsula/id/post/{name}-post")
    graph.add((person, RDF.type, DIP.Person))
    graph.add((person, DIP.holdsPost, post))
    graph.add((post, RDF.type, post_class))
    return str(person), str(post)


@needs_java
def test_hermit_classifies_a_person_holding_an_envoy_post_as_envoy(tmp_path):
    from builder.reasoner import classify

    data = rdflib.Graph()
    envoy, envoy_post = _person_with_post(data, "lee-do-hoon", DIP.EnvoyPost)
    official, _ = _person_with_post(data, "kang-kyung-wha", DIP.Post)
    assert (None, RDF.type, DIP.Envoy) not in data  # nothing asserted: HermiT must infer it
    path = tmp_path / "people.owl"
    data.serialize(path, format="xml")

    types = classify([path])

    assert str(DIP.Envoy) in types[envoy]
    assert {str(DIP.Person), str(DIP.Agent)} <= types[envoy]
    assert str(DIP.Post) in types[envoy_post]
    assert str(DIP.Person) in types[official]
    assert str(DIP.Envoy) not in types[official]


@needs_java
def test_hermit_reports_a_person_who_is_also_an_organization_as_inconsistent(tmp_path):
    from builder.reasoner import InconsistentDataError, check_ontology, classify

    path = tmp_path / "bad.ttl"  # Turtle on purpose: the reasoner converts it for owlready2
    path.write_text("@prefix dip: <https://w3id.org/peninsula/ontology#> .\n"
                    "<https://w3id.org/peninsula/id/organization/yonhap> a dip:Person , dip:Organization .\n",
                    encoding="utf-8")

    report = check_ontology(extra_rdfxml_paths=[path])

    assert not report.consistent and not report.ok
    assert "inconsistent" in report.message
    with pytest.raises(InconsistentDataError):
        classify([path])


def test_reasoner_rejects_a_missing_file(tmp_path):
    from builder.reasoner import ReasonerError, check_ontology

    if shutil.which("java") is None:
        pytest.skip("the Java check comes first")
    with pytest.raises(ReasonerError, match="no such file"):
        check_ontology(extra_rdfxml_paths=[tmp_path / "missing.owl"])
