// healthlint report: the files table and the article views, drawn from the
// JSON blocks of this page. Article text only ever becomes text nodes
// (textContent, append of strings): nothing from an article is parsed as HTML.
"use strict";
(() => {
  const SEVERITIES = ["error", "warning", "info"];
  // Rows drawn at a time: re-sorting thousands of table rows costs the browser a
  // noticeable pause in layout; a page of them re-sorts at once.
  const PAGE_ROWS = 200;
  const ICON = { error: "✖", warning: "▲", info: "●" };
  const byId = (id) => document.getElementById(id);
  const index = JSON.parse(byId("hl-index").textContent);
  const parsed = new Map(); // file number -> its article data, parsed on first view
  const state = {
    hiddenSeverities: new Set(),
    hiddenRules: new Set(),
    sort: { key: "path", dir: 1 },
    file: -1,
    current: -1, // the finding last focused in the article view
    anchors: new Map(), // finding number -> the highlight it is focused on
    tipTimer: 0,
    page: 0, // which PAGE_ROWS rows of the files table are shown
  };

  // One element; strings among the children become text nodes.
  function h(tag, props, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children || []) {
      if (child !== null && child !== undefined && child !== "") node.append(child);
    }
    return node;
  }

  const plural = (n, noun) => `${n} ${noun}${n === 1 ? "" : "s"}`;
  const number = (value) => (value === null || value === undefined ? "n/a" : String(value));
  const visible = (f) => !state.hiddenSeverities.has(f.severity) && !state.hiddenRules.has(f.code);

  function articleData(i) {
    if (!parsed.has(i)) {
      const data = JSON.parse(byId(`hl-file-${i}`).textContent);
      data.findings = data.findings.map((row) => Object.fromEntries(index.finding_fields.map((key, k) => [key, row[k]])));
      parsed.set(i, data);
    }
    return parsed.get(i);
  }

  // ---- files table -------------------------------------------------------
  const SORT_VALUE = {
    path: (f) => f.path,
    type: (f) => f.type || "",
    grade: (f) => f.grade,
    target: (f) => f.target,
    meets: (f) => (f.meets === null ? null : f.meets ? 1 : 0),
    error: (f) => f.counts[0],
    warning: (f) => f.counts[1],
    info: (f) => f.counts[2],
  };

  function compare(a, b) {
    const value = SORT_VALUE[state.sort.key];
    const x = value(index.files[a]);
    const y = value(index.files[b]);
    if (x === y) return index.files[a].path < index.files[b].path ? -1 : 1;
    if (x === null) return 1; // files without a value sort last either way
    if (y === null) return -1;
    return (x < y ? -1 : 1) * state.sort.dir;
  }

  function fileFilter() {
    const text = byId("filter-path").value.trim().toLowerCase();
    const type = byId("filter-type").value;
    const target = byId("filter-target").value;
    const onlyFindings = byId("filter-findings").checked;
    return (f) =>
      (!text || f.path.toLowerCase().includes(text)) &&
      (!type || (f.type || "default") === type) &&
      (!target || targetState(f) === target) &&
      (!onlyFindings || f.counts.some((n) => n > 0));
  }

  function targetState(f) {
    if (f.meets === null) return "none";
    return f.meets ? "meets" : "above";
  }

  function meetsCell(f) {
    if (f.error && f.grade === null) return "not read";
    if (f.meets === null) return "no target";
    return f.meets ? "✓ yes" : "✗ no";
  }

  const rows = new Map(); // file number -> its table row, built once and reused

  function fileRow(i) {
    if (!rows.has(i)) rows.set(i, buildFileRow(i));
    return rows.get(i);
  }

  function buildFileRow(i) {
    const f = index.files[i];
    return h("tr", { "data-file": i }, [
      h("td", {}, [h("a", { href: `#file-${i}` }, [f.path])]),
      h("td", {}, [f.type || "-"]),
      h("td", { class: "n" }, [number(f.grade)]),
      h("td", { class: "n" }, [f.target === null ? "none" : number(f.target)]),
      h("td", {}, [meetsCell(f)]),
      ...f.counts.map((n, s) => h("td", { class: "n", "data-severity": SEVERITIES[s] }, [String(n)])),
    ]);
  }

  function renderFiles() {
    const keep = fileFilter();
    const shown = index.files.map((_, i) => i).filter((i) => keep(index.files[i]));
    shown.sort(compare);
    const pages = Math.max(1, Math.ceil(shown.length / PAGE_ROWS));
    state.page = Math.min(state.page, pages - 1);
    const first = state.page * PAGE_ROWS;
    const page = shown.slice(first, first + PAGE_ROWS);
    const body = document.querySelector("#files-table tbody");
    const fragment = document.createDocumentFragment();
    for (const i of page) fragment.append(fileRow(i));
    body.replaceChildren(fragment);
    const range = shown.length > PAGE_ROWS ? `files ${first + 1}-${first + page.length} of ${shown.length}` : `${shown.length}`;
    byId("files-status").textContent = `Showing ${range} (of ${plural(index.files.length, "file")} in the report).`;
    byId("page-prev").disabled = state.page === 0;
    byId("page-next").disabled = state.page >= pages - 1;
    byId("file-pages").hidden = pages === 1;
  }

  function turnPage(direction) {
    state.page += direction;
    renderFiles();
  }

  function sortBy(key) {
    const same = state.sort.key === key;
    const numeric = ["error", "warning", "info", "grade"].includes(key);
    state.sort = { key, dir: same ? -state.sort.dir : numeric ? -1 : 1 };
    state.page = 0;
    for (const th of document.querySelectorAll("#files-table th")) {
      const button = th.querySelector("button");
      if (button.dataset.sort === key) th.setAttribute("aria-sort", state.sort.dir > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    }
    renderFiles();
  }

  // ---- article view ------------------------------------------------------
  function worstSeverity(data, ids) {
    for (const severity of SEVERITIES) {
      if (ids.some((i) => data.findings[i].severity === severity)) return severity;
    }
    return "info";
  }

  function sectionBadge(data, k) {
    const section = data.readability.sections[data.hard_sections[k]];
    const target = data.readability.target_grade;
    return h("span", { class: "section-badge" }, [
      `Hard section: grade ${section.grade}, target ${target}`,
    ]);
  }

  function highlight(data, text, ids) {
    const mark = h("mark", { class: `hl sev-${worstSeverity(data, ids)}`, "data-findings": ids.join(" ") }, [text]);
    const first = ids.filter((i) => !state.anchors.has(i));
    if (first.length) {
      for (const i of first) state.anchors.set(i, mark);
      mark.classList.add("anchor");
      mark.id = `finding-${first[0]}`;
      mark.tabIndex = 0;
      mark.dataset.anchorFor = first.join(" ");
      mark.setAttribute("aria-describedby", "tip");
    }
    return mark;
  }

  function segmentNode(data, segment) {
    const [text, ids = 0, hard = 0, markup = 0] = segment;
    const shown = ids ? ids.filter((i) => visible(data.findings[i])) : [];
    if (!shown.length && !hard && !markup) return document.createTextNode(text);
    const node = shown.length ? highlight(data, text, shown) : h("span", {}, [text]);
    if (hard) {
      node.classList.add("hard");
      node.dataset.hard = hard - 1;
    }
    if (markup) node.classList.add("markup");
    return node;
  }

  function renderSource(data) {
    state.anchors = new Map();
    const pre = h("pre", { class: "source", id: "source", "aria-label": "Article source with findings highlighted" });
    if (!data.segments) {
      pre.append("The text of this file is not available.");
      return pre;
    }
    for (const segment of data.segments) {
      if (segment[4]) pre.append(sectionBadge(data, segment[4] - 1));
      else pre.append(segmentNode(data, segment));
    }
    return pre;
  }

  function ruleLink(code) {
    const rule = index.rules[code];
    return h("a", { href: `#rule-${code}` }, [`${code} ${rule ? rule.slug : ""}`.trim()]);
  }

  function severityLabel(severity) {
    return h("span", { class: `sevlabel sev-${severity}` }, [`${ICON[severity]} ${severity}`]);
  }

  function findingRow(data, i) {
    const f = data.findings[i];
    const suggestion = f.suggestion === null ? "" : index.suggestions[f.suggestion];
    const place = f.end_line === f.line ? `${f.line}:${f.column}` : `${f.line}:${f.column}–${f.end_line}:${f.end_column}`;
    const go = h("button", { type: "button", "data-finding": i, "aria-label": `${place}, go to this ${f.severity}` }, [place]);
    return h("tr", { "data-finding": i }, [
      h("td", { class: "where" }, [go]),
      h("td", {}, [severityLabel(f.severity)]),
      h("td", {}, [ruleLink(f.code)]),
      h("td", {}, [f.message]),
      h("td", {}, [suggestion]),
    ]);
  }

  function findingsTable(data) {
    const rows = data.findings.map((_, i) => i).filter((i) => visible(data.findings[i]));
    const head = ["Where", "Severity", "Rule", "Message", "Suggestion"].map((t) => h("th", { scope: "col" }, [t]));
    return h("table", { class: "data findings", id: "findings-table" }, [
      h("caption", {}, ["Findings in this article: choose a place to go to its highlight."]),
      h("thead", {}, [h("tr", {}, head)]),
      h("tbody", {}, rows.map((i) => findingRow(data, i))),
    ]);
  }

  function checkbox(group, value, label, checked) {
    const box = h("input", { type: "checkbox", "data-group": group, value, checked });
    return h("label", {}, [box, ` ${label}`]);
  }

  function countBy(items, key) {
    const out = new Map();
    for (const item of items) out.set(item[key], (out.get(item[key]) || 0) + 1);
    return out;
  }

  function filtersForm(data) {
    const bySeverity = countBy(data.findings, "severity");
    const byRule = countBy(data.findings, "code");
    const severityBoxes = SEVERITIES.filter((s) => bySeverity.has(s)).map((s) =>
      checkbox("severity", s, `${ICON[s]} ${s} (${bySeverity.get(s)})`, !state.hiddenSeverities.has(s)),
    );
    const ruleBoxes = [...byRule.keys()].sort().map((code) =>
      checkbox("rule", code, `${code} ${index.rules[code].slug} (${byRule.get(code)})`, !state.hiddenRules.has(code)),
    );
    const form = h("form", { class: "filters", id: "finding-filters", "aria-label": "Which findings to show" }, [
      h("fieldset", {}, [h("legend", {}, ["Severity"]), ...severityBoxes]),
      h("fieldset", {}, [h("legend", {}, ["Rules"]), ...ruleBoxes]),
    ]);
    form.addEventListener("change", onFilterChange);
    form.addEventListener("submit", (event) => event.preventDefault());
    return form;
  }

  function onFilterChange(event) {
    const box = event.target;
    const set = box.dataset.group === "severity" ? state.hiddenSeverities : state.hiddenRules;
    if (box.checked) set.delete(box.value);
    else set.add(box.value);
    redrawFindings();
  }

  function findingStatus(data) {
    const shown = data.findings.filter(visible).length;
    return `Showing ${shown} of ${plural(data.findings.length, "finding")}.`;
  }

  function redrawFindings() {
    const data = articleData(state.file);
    hideTip();
    byId("source").replaceWith(renderSource(data));
    byId("findings-table").replaceWith(findingsTable(data));
    byId("finding-status").textContent = findingStatus(data);
    state.current = -1;
  }

  function toolbar(data) {
    return h("div", { class: "toolbar" }, [
      h("button", { type: "button", id: "prev-finding" }, ["◀ Previous finding"]),
      h("button", { type: "button", id: "next-finding" }, ["Next finding ▶"]),
      h("p", { class: "keys" }, ["Keys: n or j for the next finding, p or k for the previous, Esc to close a note."]),
      h("p", { id: "finding-status", role: "status" }, [findingStatus(data)]),
    ]);
  }

  function legend() {
    return h("p", { class: "keys" }, [
      "Highlights: ", severityLabel("error"), " solid underline, ", severityLabel("warning"),
      " dashed, ", severityLabel("info"), " dotted; shaded with a dotted outline: one of the hardest sentences.",
    ]);
  }

  function scoreRows(r, f) {
    const verdict = r.target_grade === null ? "no target" : r.meets_target ? "meets target" : "above target";
    const rows = [
      ["Flesch-Kincaid grade", r.flesch_kincaid_grade],
      ["Target grade", r.target_grade === null ? `none (${f.type})` : `${r.target_grade} (${f.type})`],
      ["Verdict", verdict],
      ["Consensus grade", r.consensus_grade],
      ["SMOG index", r.smog_index],
      ["Flesch reading ease", r.flesch_reading_ease],
      ["Gunning fog", r.gunning_fog],
      ["Coleman-Liau index", r.coleman_liau_index],
      ["Dale-Chall score", r.dale_chall_score],
      ["Words", r.words],
      ["Sentences", r.sentences],
    ];
    return rows.map(([name, value]) => h("tr", {}, [h("th", { scope: "row" }, [name]), h("td", { class: "n" }, [number(value)])]));
  }

  function sectionsTable(r) {
    if (!r.sections.length) return "";
    const rows = r.sections.map((s) => {
      const above = r.target_grade !== null && s.grade > r.target_grade;
      return h("tr", {}, [
        h("td", {}, [s.heading]),
        h("td", { class: "n" }, [String(s.line)]),
        h("td", { class: "n" }, [`${s.grade}${above ? " ▲ above" : ""}`]),
      ]);
    });
    const head = h("tr", {}, ["Section", "Line", "Grade"].map((t) => h("th", { scope: "col" }, [t])));
    return h("table", {}, [h("caption", { class: "sr-only" }, ["Grade of each section"]), h("thead", {}, [head]), h("tbody", {}, rows)]);
  }

  function hardList(r) {
    if (!r.hardest_sentences.length) return "";
    const items = r.hardest_sentences.map((s, k) =>
      h("li", {}, [
        `Grade ${s.grade}, ${s.words} words (line ${s.line}) `,
        h("button", { type: "button", "data-hard": k, "aria-label": `Show hard sentence ${k + 1} in the text` }, ["Show"]),
      ]),
    );
    return h("ol", {}, items);
  }

  function readabilityPanel(data, f) {
    const r = data.readability;
    if (!r) return h("aside", { class: "side", "aria-label": "Readability" }, [h("h3", {}, ["Readability"]), h("p", {}, ["Not scored."])]);
    const notes = r.notes.length ? h("ul", {}, r.notes.map((n) => h("li", {}, [n]))) : "";
    return h("aside", { class: "side", "aria-label": "Readability", tabindex: 0 }, [
      h("h3", {}, ["Readability"]),
      h("table", {}, [h("caption", { class: "sr-only" }, ["Readability scores"]), h("tbody", {}, scoreRows(r, f))]),
      notes,
      r.sections.length ? h("h4", {}, ["Sections"]) : "",
      sectionsTable(r),
      r.hardest_sentences.length ? h("h4", {}, ["Hardest sentences"]) : "",
      hardList(r),
    ]);
  }

  function articleHead(i, f) {
    const counts = f.counts.map((n, s) => (n ? `${n} ${SEVERITIES[s]}` : "")).filter(Boolean).join(", ");
    const grade = f.grade === null ? "not scored" : `grade ${f.grade}${f.target === null ? "" : ` (target ${f.target})`}`;
    return h("div", { class: "article-head" }, [
      h("nav", { class: "nav-files", "aria-label": "Files" }, [
        h("a", { href: "#files" }, ["◀ All files"]),
        i > 0 ? h("a", { href: `#file-${i - 1}` }, ["Previous file"]) : "",
        i < index.files.length - 1 ? h("a", { href: `#file-${i + 1}` }, ["Next file"]) : "",
      ]),
      h("h2", { id: "article-title", tabindex: -1 }, [f.path]),
      h("p", {}, [`${f.type || "default"} · ${f.format} · ${grade} · ${counts || "no findings"}`]),
      f.error ? h("p", { role: "note" }, [`Could not be read completely: ${f.error}`]) : "",
      ...f.notices.map((n) => h("p", {}, [n])),
    ]);
  }

  function showArticle(i) {
    const f = index.files[i];
    const data = articleData(i);
    state.file = i;
    state.current = -1;
    const view = byId("view-article");
    view.replaceChildren(
      articleHead(i, f),
      h("div", { class: "article-layout" }, [
        h("div", {}, [filtersForm(data), toolbar(data), legend(), renderSource(data)]),
        readabilityPanel(data, f),
      ]),
      h("h3", {}, ["Findings"]),
      findingsTable(data),
    );
    byId("view-overview").hidden = true;
    view.hidden = false;
    window.scrollTo(0, 0);
    byId("article-title").focus();
  }

  // ---- focus, notes and keys ---------------------------------------------
  function focusFinding(i) {
    const mark = state.anchors.get(i);
    if (!mark) return;
    state.current = i;
    for (const old of document.querySelectorAll("mark.current")) old.classList.remove("current");
    mark.classList.add("current");
    mark.scrollIntoView({ block: "center" });
    mark.focus({ preventScroll: true });
    showTip(mark);
  }

  function step(direction) {
    const data = articleData(state.file);
    const order = data.findings.map((_, i) => i).filter((i) => state.anchors.has(i));
    if (!order.length) return;
    const at = order.indexOf(state.current);
    const next = at === -1 ? (direction > 0 ? 0 : order.length - 1) : (at + direction + order.length) % order.length;
    focusFinding(order[next]);
  }

  function tipItem(f) {
    const rule = index.rules[f.code];
    const suggestion = f.suggestion === null ? "" : h("p", {}, [`Suggestion: ${index.suggestions[f.suggestion]}`]);
    return h("div", { class: "tip-item" }, [
      h("p", {}, [severityLabel(f.severity), ` ${f.code} ${rule ? rule.slug : ""} · line ${f.line}, column ${f.column}`]),
      h("p", {}, [f.message]),
      suggestion,
      h("p", {}, [h("a", { href: `#rule-${f.code}` }, [`About ${f.code}`])]),
    ]);
  }

  function showTip(mark) {
    clearTimeout(state.tipTimer);
    const data = articleData(state.file);
    const tip = byId("tip");
    const ids = mark.dataset.findings.split(" ").map(Number);
    tip.replaceChildren(...ids.map((i) => tipItem(data.findings[i])));
    tip.hidden = false;
    const box = mark.getBoundingClientRect();
    const room = document.documentElement.clientWidth - tip.offsetWidth - 8;
    tip.style.left = `${window.scrollX + Math.max(8, Math.min(box.left, room))}px`;
    tip.style.top = `${window.scrollY + box.bottom + 6}px`;
  }

  function hideTip() {
    clearTimeout(state.tipTimer);
    byId("tip").hidden = true;
  }

  function hideTipSoon() {
    clearTimeout(state.tipTimer);
    state.tipTimer = setTimeout(hideTip, 300);
  }

  function onArticleClick(event) {
    const target = event.target.closest("button");
    if (!target) return;
    if (target.id === "next-finding") step(1);
    else if (target.id === "prev-finding") step(-1);
    else if (target.dataset.finding !== undefined) focusFinding(Number(target.dataset.finding));
    else if (target.dataset.hard !== undefined) focusHard(Number(target.dataset.hard));
  }

  function focusHard(k) {
    const span = document.querySelector(`#source [data-hard="${k}"]`);
    if (!span) return;
    if (!span.hasAttribute("tabindex")) span.tabIndex = -1;
    span.scrollIntoView({ block: "center" });
    span.focus({ preventScroll: true });
  }

  function onKey(event) {
    if (event.key === "Escape") return hideTip();
    if (byId("view-article").hidden || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target.closest("input, select, textarea")) return;
    if (event.key === "n" || event.key === "j") step(1);
    else if (event.key === "p" || event.key === "k") step(-1);
    else return;
    event.preventDefault();
  }

  function onFocusIn(event) {
    const mark = event.target.closest && event.target.closest("mark.hl");
    if (!mark) return;
    if (mark.dataset.anchorFor) state.current = Number(mark.dataset.anchorFor.split(" ")[0]);
    for (const old of document.querySelectorAll("mark.current")) old.classList.remove("current");
    mark.classList.add("current");
    showTip(mark);
  }

  function onFocusOut(event) {
    if (!byId("tip").contains(event.relatedTarget)) hideTipSoon();
  }

  // ---- views -------------------------------------------------------------
  function showOverview(hash) {
    byId("view-article").hidden = true;
    byId("view-overview").hidden = false;
    state.file = -1;
    const target = hash ? byId(hash) : null;
    if (!target) return;
    if (target.tagName === "DETAILS") target.open = true;
    const focusable = target.tagName === "DETAILS" ? target.querySelector("summary") : target.querySelector("[tabindex]");
    target.scrollIntoView();
    if (focusable) focusable.focus({ preventScroll: true });
  }

  function route() {
    hideTip();
    const hash = decodeURIComponent(location.hash.slice(1));
    const match = /^file-(\d+)$/.exec(hash);
    if (match && index.files[Number(match[1])]) showArticle(Number(match[1]));
    else showOverview(hash);
  }

  function start() {
    for (const id of ["filter-path", "filter-type", "filter-target", "filter-findings"]) {
      byId(id).addEventListener("input", () => {
        state.page = 0;
        renderFiles();
      });
    }
    byId("page-prev").addEventListener("click", () => turnPage(-1));
    byId("page-next").addEventListener("click", () => turnPage(1));
    byId("file-filters").addEventListener("submit", (event) => event.preventDefault());
    for (const button of document.querySelectorAll("#files-table th button")) {
      button.addEventListener("click", () => sortBy(button.dataset.sort));
    }
    const article = byId("view-article");
    article.addEventListener("click", onArticleClick);
    article.addEventListener("focusin", onFocusIn);
    article.addEventListener("focusout", onFocusOut);
    article.addEventListener("mouseover", (event) => {
      const mark = event.target.closest("mark.hl");
      if (mark) showTip(mark);
    });
    article.addEventListener("mouseout", (event) => {
      if (event.target.closest("mark.hl")) hideTipSoon();
    });
    const tip = byId("tip");
    tip.addEventListener("mouseover", () => clearTimeout(state.tipTimer));
    tip.addEventListener("mouseout", hideTipSoon);
    tip.addEventListener("focusout", onFocusOut);
    document.addEventListener("keydown", onKey);
    window.addEventListener("hashchange", route);
    renderFiles();
    route();
    document.body.dataset.ready = "true";
    performance.mark("report-ready"); // read by benchmarks/bench_html.py
  }

  start();
})();
