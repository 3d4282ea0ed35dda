"""The HTML report's style sheet and script, inline in every page (it must open from a CI artifact, offline).

The script builds the filtered, paged tables from the page's one embedded JSON document, so a
map of 10,000 items loads as a page of rows, not 10,000 of them. It writes data with
`textContent` only: response text that holds markup stays text.
"""

from __future__ import annotations

from string import Template

from pytest_refusal.report import palette

# The bar under a cell shows every kind's share. Its segments are darker than the kinds' colours, so a
# bar of the cell's own kind (a cell of one kind) still reads as a bar, not as a blank box.
CSS = (
    Template("""
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:$body_fg;background:$body_bg}
h1{margin:0 0 .3rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.35rem .6rem;
text-align:left;vertical-align:top}thead th{background:$header_bg;color:$header_fg}
.matrix td{min-width:9rem;font-weight:600;cursor:pointer}.matrix td.empty{background:#fff;cursor:default}
.matrix td.nr{background:$nr_bg;color:$nr_fg;font-weight:400}.matrix td .nr-more{font-weight:400}
.matrix td.fail{outline:3px solid #000;outline-offset:-3px}
.bar{display:flex;gap:1px;height:.55rem;margin-top:.35rem;padding:1px;background:#fff;border-radius:.2rem}
.bar span{display:block;height:100%;filter:brightness(.6) saturate(1.2)}
.badge{display:inline-block;padding:0 .4rem;border-radius:.25rem;white-space:nowrap}
.badge[class*=" s-"]{border-radius:0;font-size:.85em;letter-spacing:.02em}
.legend .badge{margin-right:.3rem}.muted{color:$muted_fg}
.chart{display:grid;grid-template-columns:max-content max-content minmax(12rem,28rem) max-content;
gap:.2rem .6rem;align-items:center}.chart .cat{font-weight:600;grid-column:1}
.chart .track{background:#fff;border:1px solid #ccc;height:.9rem}.chart .fill{background:#c62828;height:100%}
.filters{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:center;background:#fff;
border:1px solid #ddd;padding:.5rem .8rem;position:sticky;top:0;z-index:1}
.filters select,.filters input{font:inherit}.filters input{width:18rem}.pages{display:flex;gap:.6rem;align-items:center}
details{margin:0}summary{cursor:pointer}.open-all{font-weight:600}
pre{white-space:pre-wrap;word-break:break-word;background:$code_bg;color:$code_fg;padding:.5rem;margin:.3rem 0;max-width:60rem}
code{background:$code_bg;color:$code_fg;padding:.1rem .3rem;word-break:break-all}
.facts th{background:#f7f7f7;font-weight:600;white-space:nowrap}.response{margin:.4rem 0}
#drift td{max-width:32rem}
""").substitute(
        body_bg=palette.PAGE["body"][0],
        body_fg=palette.PAGE["body"][1],
        muted_fg=palette.PAGE["muted"][1],
        header_bg=palette.PAGE["header-cell"][0],
        header_fg=palette.PAGE["header-cell"][1],
        nr_bg=palette.PAGE["not-recorded-cell"][0],
        nr_fg=palette.PAGE["not-recorded-cell"][1],
        code_bg=palette.PAGE["code"][0],
        code_fg=palette.PAGE["code"][1],
    )
    + palette.css()
)

SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("refusal-data").textContent);
  var PAGE = 50, FILTERS = ["model", "category", "language", "kind", "status"];
  var form = document.getElementById("filters");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function badge(prefix, value) {
    if (!value) return el("span", "muted", "\u2014");
    return el("span", "badge " + prefix + value, value.replace(/_/g, " "));
  }
  function cell(tr, child) {
    var td = el("td");
    if (typeof child === "string") td.textContent = child; else if (child) td.appendChild(child);
    tr.appendChild(td);
    return td;
  }
  function chosen() {
    var f = {};
    FILTERS.forEach(function (name) { f[name] = form.elements[name].value; });
    f.q = form.elements.q.value.trim().toLowerCase();
    return f;
  }
  function words(r) {  // what the search box looks in, lower-cased once per row, on the first search
    if (r.words === undefined) {
      var parts = [r.label, r.id, r.q, r.cmd, r.before, r.after];
      if (typeof r.v === "string") parts.push(r.v);  // a boundary's verdicts
      else if (r.v) r.v.forEach(function (v) { parts.push(v[2], v[3]); });  // an item's evidence and answers
      r.words = parts.filter(Boolean).join("\n").toLowerCase();
    }
    return r.words;
  }
  function keep(f, r) {  // a row without a field (a boundary has no kind) is not filtered by it
    return (!f.model || r.m === f.model) && (!f.category || r.c === f.category) &&
      (!f.language || r.l === undefined || r.l === f.language) &&
      (!f.kind || r.k === undefined || r.k === f.kind) && (!f.status || r.s === undefined || r.s === f.status) &&
      (!f.q || words(r).indexOf(f.q) >= 0);
  }

  function Pager(id, render) {
    var self = this;
    this.table = document.getElementById(id);
    this.nav = document.getElementById(id + "-pages");
    this.render = render;
    this.rows = [];
    this.page = 0;
    this.nav.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      self.page += Number(button.getAttribute("data-step"));
      self.draw();
    });
  }
  Pager.prototype.show = function (rows) { this.rows = rows; this.page = 0; this.draw(); };
  Pager.prototype.draw = function () {
    var pages = Math.max(1, Math.ceil(this.rows.length / PAGE));
    this.page = Math.min(Math.max(this.page, 0), pages - 1);
    var body = this.table.tBodies[0], start = this.page * PAGE, render = this.render;
    var fragment = document.createDocumentFragment();
    this.rows.slice(start, start + PAGE).forEach(function (r) { fragment.appendChild(render(r)); });
    body.textContent = "";
    body.appendChild(fragment);
    this.table.hidden = this.rows.length === 0;
    this.nav.textContent = "";
    if (this.rows.length === 0) { this.nav.appendChild(el("span", "muted", "none match the filters")); return; }
    var end = Math.min(start + PAGE, this.rows.length);
    var where = (start + 1) + "\u2013" + end + " of " + this.rows.length;
    this.nav.appendChild(el("span", "muted", pages > 1 ? where + " (page " + (this.page + 1) + " of " + pages + ")" : where));
    if (pages > 1) {
      [["\u2190 previous", -1, this.page === 0], ["next \u2192", 1, this.page === pages - 1]].forEach(function (b) {
        var button = el("button", null, b[0]);
        button.type = "button";
        button.setAttribute("data-step", b[1]);
        button.disabled = b[2];
        this.nav.appendChild(button);
      }, this);
    }
  };

  function facts(rows) {
    var table = el("table", "facts");
    rows.forEach(function (row) {
      if (!row[1]) return;
      var tr = el("tr");
      tr.appendChild(el("th", null, row[0]));
      var td = el("td");
      td.appendChild(row[2] ? el(row[2], null, row[1]) : document.createTextNode(row[1]));
      tr.appendChild(td);
      table.appendChild(tr);
    });
    return table;
  }
  function response(v, number) {
    var div = el("div", "response");
    div.appendChild(badge("k-", v[0]));
    var meta = " #" + number + " score " + v[1] + (v[2] ? " \u2014 evidence: " + v[2] : "");
    div.appendChild(el("span", "muted", meta));
    if (v[4]) {  // collapsed: a reviewer opens it to see why the model answered so; the verdict never read it
      var thought = el("details", "reasoning");
      thought.appendChild(el("summary", null, "reasoning (not judged)"));
      thought.appendChild(el("pre", null, v[4]));
      div.appendChild(thought);
    }
    div.appendChild(el("pre", null, v[3]));
    return div;
  }
  function fill(details, r) {
    details.appendChild(facts([["test", r.id], ["prompt", r.q, "pre"], ["expectation", r.e], ["rate", r.r],
                               ["cassette", r.cas, "code"], ["record with", r.cmd, "code"]]));
    r.v.forEach(function (v, i) { details.appendChild(response(v, i + 1)); });
  }
  function itemRow(r) {
    var tr = el("tr");
    tr.className = "item";
    cell(tr, badge("s-", r.s));
    cell(tr, badge("k-", r.k));
    var details = el("details");
    details.appendChild(el("summary", null, r.label));
    var filled = false;
    details.addEventListener("toggle", function () { if (!filled) { filled = true; fill(details, r); } });
    if (r.s === "policy_failure") { details.open = true; }  // failures are what a reader came for
    cell(tr, details);
    cell(tr, r.e);
    cell(tr, r.r);
    return tr;
  }
  function side(kind, text, note, answer) {
    var div = el("div");
    div.appendChild(badge("k-", kind));
    div.appendChild(document.createTextNode(text === kind ? " " : " " + text + " "));  // counts only when n > 1
    div.appendChild(el("span", "muted", note));
    if (answer) {
      div.appendChild(el("div", "muted", answer[2] ? "evidence: " + answer[2] + ", score " + answer[1] : ""));
      div.appendChild(el("pre", null, answer[3]));
    }
    return div;
  }
  function driftRow(d) {
    var tr = el("tr");
    var item = d.i >= 0 ? data.items[d.i] : null;
    cell(tr, d.label);
    cell(tr, side(d.bk, d.before, d.recorded ? "(baseline, recorded " + d.recorded + ")" : "(baseline)"));
    cell(tr, side(d.k, d.after, "(this run)", item && item.v.length ? item.v[0] : null));
    return tr;
  }
  function boundaryRow(b) {
    var tr = el("tr");
    cell(tr, b.label);
    cell(tr, b.v);
    return tr;
  }

  var pagers = [
    [new Pager("items", itemRow), data.items, "item", "items"],
    [new Pager("drift", driftRow), data.drift, "drift", "drift"],
    [new Pager("boundaries", boundaryRow), data.boundaries, "language-boundary difference",
     "language-boundary differences"]
  ];
  function update() {
    var f = chosen(), counts = [];
    pagers.forEach(function (p) {
      var rows = p[1].filter(function (r) { return keep(f, r); });
      p[0].show(rows);
      counts.push(rows.length + " of " + p[1].length + " " + (p[1].length === 1 ? p[2] : p[3]));
    });
    document.getElementById("shown").textContent = "showing " + counts.join(" \u00b7 ");
  }
  form.addEventListener("change", update);
  var typing = 0;  // the search runs once typing pauses, not on every key of a 10,000-item page
  form.addEventListener("input", function (event) {
    if (event.target.name !== "q") return;
    clearTimeout(typing);
    typing = setTimeout(update, 150);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  form.addEventListener("reset", function () { setTimeout(update, 0); });
  document.querySelector(".matrix").addEventListener("click", function (event) {
    var td = event.target.closest("td[data-model]");
    if (!td) return;
    form.elements.model.value = td.getAttribute("data-model");
    form.elements.category.value = td.getAttribute("data-category");
    update();
    document.getElementById("filters").scrollIntoView();
  });
  update();
})();
"""
