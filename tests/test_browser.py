"""The pages in headless Chromium, served by the real server on the demo graph."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import BROWSER_WAIT_MS

pytestmark = pytest.mark.slow
expect.set_options(timeout=BROWSER_WAIT_MS)

ENVOYS = ("PREFIX dip: <https://w3id.org/peninsula/ontology#> "
          "SELECT DISTINCT ?name WHERE { ?p a dip:Envoy ; "
          "<http://www.w3.org/2000/01/rdf-schema#label> ?name } ORDER BY ?name")


def open_query_page(page, base):
    page.goto(base + "/")
    expect(page.locator(".yasgui .tabPanel.active .yasqe .CodeMirror")).to_be_visible()
    return page.locator(".yasgui .tabPanel.active")


def run_active_tab(page):
    tab = page.locator(".yasgui .tabPanel.active")
    tab.locator(".yasqe_queryButton").click()
    return tab.locator(".yasr table.dataTable")


def test_yasgui_replaces_the_form_and_runs_a_typed_query(browser_page, live_server):
    page, log = browser_page
    tab = open_query_page(page, live_server)
    assert page.locator("#query-form").is_hidden()
    tab.locator(".CodeMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(ENVOYS)
    table = run_active_tab(page)
    expect(table).to_contain_text("Stephen Biegun")
    expect(table).to_contain_text("Lee Do-hoon")
    expect(table.locator("tbody tr")).to_have_count(2)
    assert log.dialogs == [] and log.errors == []
    assert log.csp_violations() == []
    # everything the page loaded came from this server: no CDN, no LOV, no prefix.cc
    assert [url for url in log.requests if not url.startswith(live_server)] == []
    assert any(url.endswith("/static/vendor/yasgui/yasgui.min.js") for url in log.requests)


def test_an_example_opens_in_its_own_tab_and_answers(browser_page, live_server):
    page, log = browser_page
    open_query_page(page, live_server)
    page.get_by_role("link", name="Envoys of two countries meeting each other").click()
    expect(page.locator(".yasgui .tabPanel.active .CodeMirror")).to_contain_text("dip:Envoy")
    expect(page.locator(".yasgui .tab.active")).to_contain_text("Envoys of two countries meeting")
    table = run_active_tab(page)
    expect(table).to_contain_text("Stephen Biegun")
    expect(table).to_contain_text("Lee Do-hoon")
    expect(table).to_contain_text("United States")
    assert log.dialogs == [] and log.errors == [] and log.csp_violations() == []


def test_a_result_iri_opens_its_page_on_this_server(browser_page, live_server):
    page, log = browser_page
    open_query_page(page, live_server)
    page.get_by_role("link", name="Meetings: participants, place, date, status").click()
    table = run_active_tab(page)
    link = table.locator("a[href^='https://w3id.org/peninsula/id/event/']").first
    expect(link).to_be_visible()
    with page.context.expect_page() as opened:  # YASR opens IRIs in a new window
        link.click()
    event_page = opened.value
    event_page.wait_for_load_state()
    assert event_page.url.startswith(live_server + "/id/event/")
    expect(event_page.locator("h1")).to_contain_text("of ")
    expect(event_page.locator("section.self-fact blockquote").first).to_be_visible()
    assert log.dialogs == [] and log.errors == []


def test_entity_page_shows_facts_with_evidence_and_links(browser_page, live_server):
    page, log = browser_page
    page.goto(live_server + "/id/person/stephen-biegun")
    expect(page.locator("h1")).to_have_text("Stephen Biegun")
    events = page.locator("section.incoming", has_text="Events it takes part in")
    expect(events).to_contain_text("Lee Do-hoon")
    expect(events.locator("blockquote").first).to_be_visible()
    expect(events).to_contain_text("He will have a separate meeting with Biegun.")
    expect(page.locator("section.posts")).to_contain_text("Special Representative for North Korea")
    events.get_by_role("link", name="Lee Do-hoon", exact=True).first.click()
    expect(page.locator("h1")).to_have_text("Lee Do-hoon")
    expect(page.locator("section.incoming", has_text="Quotes it said")).to_contain_text(
        "The most important thing now is to resume US-North Korea negotiations")
    assert log.dialogs == [] and log.errors == [] and log.csp_violations() == []
    assert page.evaluate("document.scripts.length") == 0
