// The query page. With YASGUI (bundled under /static/vendor/yasgui) the page mounts it in
// place of the plain form: each example opens in its own tab, queries go to this server's
// /sparql by POST. Without YASGUI the plain form works as before: examples fill the
// textarea and "table in this page" runs the query with fetch and renders the answer.
// Without JavaScript the examples are links that reload the page with the query filled
// in, and the form posts to /sparql. Every value from the store goes into the page
// through textContent, never as HTML.
"use strict";

(function () {
  const form = document.getElementById("query-form");
  const textarea = document.getElementById("query");
  const format = document.getElementById("format");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const yasguiElement = document.getElementById("yasgui");
  const examples = Array.prototype.slice.call(document.querySelectorAll(".example"));

  const yasgui = window.Yasgui && yasguiElement ? mountYasgui() : null;

  function mountYasgui() {
    // The "class" and "property" autocompleters ask lov.linkeddata.es; keep the local ones.
    // (Set on the defaults: Yasqe merges arrays in its config by index.)
    window.Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
    // Absolute: YASQE builds request URLs with new URL(endpoint).
    const endpoint = new URL(yasguiElement.dataset.endpoint, window.location.href).href;
    const requestConfig = {
      endpoint: endpoint,
      method: "POST",
      acceptHeaderGraph: "text/turtle,*/*;q=0.9",
    };
    yasguiElement.hidden = false;
    form.hidden = true;
    const instance = new window.Yasgui(yasguiElement, {
      requestConfig: requestConfig,
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
      copyEndpointOnNewTab: true,
      persistenceId: null,     // nothing kept in localStorage: a reload shows fresh tabs
      autoAddOnInit: false,    // no empty "Query" tab; the first tab is the initial query
      populateFromUrl: false,  // the page's own ?example=N must not reach /sparql
    });
    const tabs = {};
    instance.openQuery = function (title, query) {
      const known = tabs[title] && instance.getTab(tabs[title]);
      if (known) {
        instance.selectTabId(tabs[title]);
        return known;
      }
      const tab = instance.addTab(true, {
        name: title,
        yasqe: { value: query },
        requestConfig: requestConfig,
      });
      tabs[title] = tab.getId();
      return tab;
    };
    // Result links to data IRIs (https://w3id.org/peninsula/id/...) open this server's page
    // of the IRI (/id/...): the href is rewritten as the link is followed.
    const baseIri = yasguiElement.dataset.baseIri;
    const pages = new URL(yasguiElement.dataset.pages, window.location.href).href;
    function toLocalPage(event) {
      const link = event.target.closest && event.target.closest(".yasr a[href]");
      if (baseIri && link && link.href.startsWith(baseIri)) {
        link.href = pages + link.href.slice(baseIri.length);
      }
    }
    yasguiElement.addEventListener("click", toLocalPage, true);
    yasguiElement.addEventListener("auxclick", toLocalPage, true);
    const initial = examples.find(function (link) { return link.dataset.query === textarea.value; });
    instance.openQuery(initial ? initial.dataset.title : "Query", textarea.value);
    return instance;
  }

  for (const link of examples) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      if (yasgui) {
        yasgui.openQuery(link.dataset.title, link.dataset.query);
      } else {
        textarea.value = link.dataset.query;
        textarea.focus();
      }
    });
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function cell(term) {
    const td = element("td");
    if (!term) return td;
    if (term.type === "uri" && /^https?:\/\//.test(term.value)) {
      const link = element("a", term.value);
      link.setAttribute("href", term.value);
      link.setAttribute("rel", "noopener noreferrer");
      td.appendChild(link);
    } else if (term.type === "triple") {
      const v = term.value;
      td.textContent = "<< " + [v.subject, v.predicate, v.object].map(function (t) { return t.value; }).join(" ") + " >>";
    } else {
      td.appendChild(document.createTextNode(term.type === "bnode" ? "_:" + term.value : term.value));
      if (term["xml:lang"]) td.appendChild(element("span", "@" + term["xml:lang"], "annotation"));
      else if (term.datatype) td.appendChild(element("span", term.datatype.replace(/^.*[#\/]/, ""), "annotation"));
    }
    return td;
  }

  function renderSolutions(doc) {
    if (typeof doc.boolean === "boolean") {
      results.appendChild(element("p", "Answer: " + doc.boolean, "boolean"));
      return;
    }
    const vars = doc.head.vars;
    const rows = doc.results.bindings;
    results.appendChild(element("p", rows.length + (rows.length === 1 ? " row" : " rows"), "count"));
    const table = element("table");
    const headRow = element("tr");
    for (const name of vars) headRow.appendChild(element("th", name));
    table.appendChild(element("thead")).appendChild(headRow);
    const body = table.appendChild(element("tbody"));
    for (const row of rows) {
      const tr = element("tr");
      for (const name of vars) tr.appendChild(cell(row[name]));
      body.appendChild(tr);
    }
    results.appendChild(table);
  }

  form.addEventListener("submit", async function (event) {
    if (format.value !== "") return; // a download format: let the browser open the answer
    event.preventDefault();
    results.replaceChildren();
    status.textContent = "Running…";
    const started = performance.now();
    try {
      const response = await fetch(form.action, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Accept": "application/sparql-results+json, text/turtle;q=0.9",
        },
        body: new URLSearchParams({ query: textarea.value }),
      });
      const type = response.headers.get("Content-Type") || "";
      if (!response.ok) {
        results.appendChild(element("pre", await response.text(), "error"));
      } else if (type.startsWith("application/sparql-results+json")) {
        renderSolutions(await response.json());
      } else {
        results.appendChild(element("pre", await response.text(), "graph"));
      }
      status.textContent = response.status + " in " + Math.round(performance.now() - started) + " ms";
      if (response.headers.get("X-Peninsula-Truncated")) {
        status.textContent += " (" + response.headers.get("X-Peninsula-Truncated") + ")";
      }
    } catch (error) {
      status.textContent = "";
      results.appendChild(element("pre", "Request failed: " + error, "error"));
    }
  });
})();
