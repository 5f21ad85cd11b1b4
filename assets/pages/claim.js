// The claim page: a header, a timeline strip whose brush filters the graph and whose Replay
// button replays the spread, a graph laid out in time (x: publication time, one row per
// publisher; on the left the speaker and whoever the claim came through), a side panel for
// whatever is clicked, a table, and downloads. Reads the JSON the page embeds
// (#claimtrace-data): { served, links, page: { trace, details, turtle } }. Needs d3.
(function () {
  "use strict";

  const DATA = JSON.parse(document.getElementById("claimtrace-data").textContent);
  const PAGE = DATA.page;
  const LINKS = DATA.links || {};
  const app = document.getElementById("app");

  // ---- small helpers ------------------------------------------------------------------
  function el(tag, attrs, ...kids) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid === null || kid === undefined || kid === false) continue;
      node.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return node;
  }
  const link = (iri, text) => (LINKS[iri] ? el("a", { href: LINKS[iri] }, text) : text);
  // A time with an offset is an instant; one without is read as UTC and said to have no zone.
  function instant(s) {
    if (!s) return null;
    let t;
    if (/T/.test(s)) t = Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(s) ? s : s + "Z");
    else t = Date.parse(s + "T00:00:00Z");
    return Number.isNaN(t) ? null : new Date(t);
  }
  const hasZone = (s) => !!s && /(Z|[+-]\d\d:?\d\d)$/.test(s);
  const dayOnly = (s) => !!s && !/T/.test(s);
  function when(s) {
    if (!s) return "no date";
    const t = instant(s);
    if (!t) return s;
    if (dayOnly(s)) return s;
    const shown = t.toISOString().replace("T", " ").slice(0, 16) + " UTC";
    return hasZone(s) ? shown + " (" + s + ")" : s.replace("T", " ") + " (no time zone)";
  }
  function download(name, type, text) {
    const a = el("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
    document.body.append(a);
    a.click();
    a.remove();
  }
  const csvField = (v) => {
    const s = v === null || v === undefined ? "" : String(v);
    return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  };

  // ---- the model of one claim ---------------------------------------------------------
  function model(claim) {
    const agents = new Map();
    const articles = new Map();
    const edges = new Map();
    const agent = (iri, name, kind, step) => {
      let a = agents.get(iri);
      if (!a) {
        a = { id: "a" + agents.size, iri, name, kind, step, articles: new Set() };
        agents.set(iri, a);
      }
      a.step = Math.min(a.step, step);
      return a;
    };
    const speaker = agent(claim.speaker.iri, claim.speaker.name, "speaker", 0);
    const edge = (from, to, kind, cue) => {
      const key = from.id + ">" + to.id + ">" + kind;
      if (!edges.has(key)) edges.set(key, { id: "e" + edges.size, from, to, kind, cue: cue || null });
    };
    let hops = 0;
    for (const c of claim.carriers) {
      let art = articles.get(c.article.iri);
      if (!art) {
        art = {
          id: "r" + articles.size, iri: c.article.iri, kind: "article",
          headline: c.article.headline, url: c.article.url, published: c.article.published,
          time: instant(c.article.published), publisher: c.article.publisher,
          carriers: [], first: false, uncertain: false,
        };
        articles.set(c.article.iri, art);
      }
      art.carriers.push(c);
      art.first = art.first || c.first;
      art.uncertain = art.uncertain || c.order_uncertain;
      const steps = new Map();
      for (const l of c.via) {
        if (!steps.has(l.step)) steps.set(l.step, []);
        steps.get(l.step).push(l);
      }
      let previous = [speaker];
      let previousKind = "direct";
      for (const step of [...steps.keys()].sort((a, b) => a - b)) {
        const here = steps.get(step).map((l) => {
          const kind = l.role === "speaker" ? "intermediary" : "source-outlet";
          const a = agent(l.iri, l.name, kind, step);
          for (const p of previous) edge(p, a, l.role === "speaker" ? "enclosing" : "named", l.cue);
          return a;
        });
        previousKind = steps.get(step)[0].role === "speaker" ? "enclosing" : "named";
        previous = here;
      }
      for (const p of previous) {
        edge(p, art, previousKind);
        p.articles.add(art);
      }
      speaker.articles.add(art);
      hops = Math.max(hops, steps.size + 1);
    }
    const publishers = new Map();
    for (const art of articles.values()) {
      const key = art.publisher ? art.publisher.iri : "";
      if (!publishers.has(key)) {
        publishers.set(key, {
          id: "p" + publishers.size, kind: "publisher", iri: key || null,
          name: art.publisher ? art.publisher.name : "publisher not known", articles: [],
        });
      }
      publishers.get(key).articles.push(art);
    }
    const earliest = (p) => Math.min(...p.articles.map((a) => (a.time ? +a.time : Infinity)));
    const rows = [...publishers.values()].sort((a, b) => earliest(a) - earliest(b));
    const outlets = new Set(rows.filter((p) => p.iri).map((p) => p.iri));
    for (const a of agents.values()) if (a.kind === "source-outlet") outlets.add(a.iri);
    return { claim, agents: [...agents.values()], articles: [...articles.values()], rows,
      edges: [...edges.values()], hops, outlets: outlets.size };
  }

  // ---- the page ---------------------------------------------------------------------
  const state = { claim: null, m: null, filter: null, replay: null, selected: null, sort: null };

  function start() {
    const claims = PAGE.trace.claims;
    app.replaceChildren();
    if (!claims.length) {
      app.append(el("p", {}, "No claim to show."));
      return;
    }
    if (claims.length > 1) {
      const select = el("select", { class: "claim-select", "aria-label": "Claim",
        onchange: (e) => show(claims[+e.target.value]) });
      claims.forEach((c, i) => select.append(el("option", { value: i },
        c.speaker.name + ": " + c.text.slice(0, 110) + " (" + c.carriers.length + ")")));
      app.append(el("p", {}, claims.length + " claims match ", el("q", {}, PAGE.trace.query),
        ": ", select));
    }
    app.append(el("div", { id: "claim" }));
    show(claims[0]);
  }

  function show(claim) {
    stopReplay();
    state.claim = claim;
    state.m = model(claim);
    state.filter = null;
    state.selected = null;
    const root = document.getElementById("claim");
    root.replaceChildren(header(state.m), toolbar(), strip(state.m),
      el("div", { class: "layout" },
        el("div", { class: "view" }, legend(), el("div", { class: "graph", id: "graph" }),
          el("div", { id: "table", hidden: true })),
        el("aside", { class: "panel", id: "panel", hidden: true, "aria-live": "polite",
          "aria-label": "Details" })));
    drawStrip();
    drawGraph();
    drawTable();
    resized.disconnect();
    resized.observe(document.getElementById("graph"));
  }

  function header(m) {
    const first = m.articles.filter((a) => a.first).sort((a, b) => (a.time || 0) - (b.time || 0))[0];
    // Who published the first report; an outlet it cites did not carry it.
    const firstBy = first && (first.publisher ? link(first.publisher.iri, first.publisher.name)
      : ["an article whose publisher is not known (",
        el("a", { href: "#", onclick: (e) => { e.preventDefault(); openNode(first); } }, first.headline || "untitled"), ")"]);
    return el("section", { class: "claim-head" },
      el("blockquote", {}, m.claim.text),
      el("p", { class: "who" }, "— ", link(m.claim.speaker.iri, m.claim.speaker.name),
        first ? [" · first carried by ", firstBy, ", ", when(first.published), " ",
          el("span", { class: "first-badge" }, "first report")] : null),
      el("ul", { class: "counts", "aria-label": "Counts" },
        el("li", {}, el("b", {}, m.outlets), m.outlets === 1 ? " outlet" : " outlets"),
        el("li", {}, el("b", {}, m.articles.length), m.articles.length === 1 ? " article" : " articles"),
        el("li", {}, el("b", {}, m.hops), m.hops === 1 ? " hop" : " hops"),
        el("li", {}, el("b", {}, m.claim.carriers.length),
          m.claim.carriers.length === 1 ? " statement" : " statements")));
  }

  function toolbar() {
    const tab = (name, label) => el("button", { role: "tab", id: "tab-" + name,
      "aria-selected": name === "graph" ? "true" : "false", "aria-controls": name,
      onclick: () => selectTab(name) }, label);
    return el("div", { class: "toolbar" },
      el("div", { role: "tablist", "aria-label": "View" }, tab("graph", "Graph"), " ", tab("table", "Table")),
      el("button", { id: "replay", "aria-pressed": "false", onclick: toggleReplay }, "▶ Replay"),
      el("button", { id: "step-back", "aria-label": "Previous period", onclick: () => stepFilter(-1) }, "◀"),
      el("button", { id: "step-on", "aria-label": "Next period", onclick: () => stepFilter(1) }, "▶"),
      el("button", { id: "clear", onclick: () => setFilter(null) }, "All dates"),
      el("span", { class: "range", id: "range", "aria-live": "polite" }, ""),
      el("span", { class: "spacer" }),
      el("span", {}, "Download: "),
      el("button", { onclick: downloadCsv }, "CSV"),
      el("button", { onclick: downloadJson }, "JSON"),
      el("button", { onclick: downloadTurtle }, "Turtle"));
  }

  function selectTab(name) {
    for (const t of ["graph", "table"]) {
      document.getElementById("tab-" + t).setAttribute("aria-selected", t === name ? "true" : "false");
      document.getElementById(t).hidden = t !== name;
    }
  }

  function legend() {
    const line = (cls) => el("span", {}, svgSwatch(cls));
    return el("div", { class: "legend", "aria-hidden": "true" },
      el("span", {}, line("enclosing"), " enclosing statement"),
      el("span", {}, line("named"), " named as source"),
      el("span", {}, line("direct"), " in the article"),
      el("span", {}, line("publisher"), " publisher"),
      el("span", {}, el("b", { class: "first-badge" }, "◯"), " first report"));
  }
  function svgSwatch(cls) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", 28);
    svg.setAttribute("height", 10);
    const l = document.createElementNS(ns, "line");
    for (const [k, v] of Object.entries({ x1: 0, y1: 5, x2: 28, y2: 5, class: "edge " + cls })) l.setAttribute(k, v);
    svg.append(l);
    return svg;
  }

  // ---- time, bins and the filter ----------------------------------------------------
  function timed() {
    return state.m.articles.filter((a) => a.time);
  }
  function interval() {
    const ts = timed().map((a) => +a.time);
    if (!ts.length) return d3.utcDay;
    return Math.max(...ts) - Math.min(...ts) <= 3 * 864e5 ? d3.utcHour : d3.utcDay;
  }
  function passes(art) {
    if (state.replay !== null && (!art.time || +art.time > state.replay)) return "replay";
    if (state.filter && (!art.time || +art.time < state.filter[0] || +art.time >= state.filter[1])) return "filter";
    return null;
  }
  function setFilter(range) {
    state.filter = range;
    const label = document.getElementById("range");
    if (!range) {
      label.textContent = "";
      if (state.brushNode) state.brushNode.call(state.brush.move, null);
    } else {
      const day = interval() === d3.utcDay;
      const f = (t) => new Date(t).toISOString().replace("T", " ").slice(0, day ? 10 : 16);
      const last = interval().offset(new Date(range[1]), -1);
      label.textContent = "Showing " + (day && +last === range[0] ? f(range[0]) : f(range[0]) + " – " + f(day ? +last : range[1])) +
        (day ? "" : " UTC") + " · " + state.m.articles.filter((a) => !passes(a)).length + " articles";
    }
    applyVisibility();
  }
  function stepFilter(direction) {
    const bins = binsOf().filter((b) => b.count > 0);
    if (!bins.length) return;
    let i = state.filter ? bins.findIndex((b) => +b.start === state.filter[0]) : -1;
    i = i < 0 ? (direction > 0 ? 0 : bins.length - 1) : Math.min(bins.length - 1, Math.max(0, i + direction));
    const b = bins[i];
    setFilter([+b.start, +b.end]);
    if (state.brushNode) {
      state.brushing = true;
      state.brushNode.call(state.brush.move, [state.x(b.start), state.x(b.end)]);
      state.brushing = false;
    }
  }
  function binsOf() {
    const every = interval();
    const ts = timed().map((a) => a.time);
    if (!ts.length) return [];
    const lo = every.floor(d3.min(ts));
    const hi = every.offset(every.floor(d3.max(ts)), 1);
    return every.range(lo, hi).map((start) => {
      const end = every.offset(start, 1);
      return { start, end, count: ts.filter((t) => t >= start && t < end).length };
    });
  }

  function strip() {
    return el("section", { class: "strip", "aria-label": "New carrying articles over time" },
      el("div", { id: "strip" }));
  }

  function drawStrip() {
    const holder = document.getElementById("strip");
    holder.replaceChildren();
    const bins = binsOf();
    if (!bins.length) {
      holder.append(el("p", { class: "note" }, "No carrying article gives its publication date."));
      return;
    }
    const width = Math.max(320, holder.clientWidth || 900);
    const height = 96;
    const margin = { left: 30, right: 12, top: 8, bottom: 22 };
    const x = d3.scaleUtc().domain([bins[0].start, bins[bins.length - 1].end]).range([margin.left, width - margin.right]);
    const y = d3.scaleLinear().domain([0, d3.max(bins, (b) => b.count)]).nice().range([height - margin.bottom, margin.top]);
    state.x = x;
    const svg = d3.select(holder).append("svg").attr("viewBox", [0, 0, width, height])
      .attr("role", "img").attr("aria-label", "Carrying articles per " + (interval() === d3.utcDay ? "day" : "hour"));
    svg.append("g").selectAll("rect").data(bins).join("rect").attr("class", "bar-rect")
      .attr("x", (b) => x(b.start) + 1).attr("width", (b) => Math.max(1, x(b.end) - x(b.start) - 2))
      .attr("y", (b) => y(b.count)).attr("height", (b) => y(0) - y(b.count))
      .append("title").text((b) => b.start.toISOString().slice(0, 16).replace("T", " ") + ": " + b.count);
    svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - margin.bottom})`)
      .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(width / 110))));
    svg.append("g").attr("class", "axis").attr("transform", `translate(${margin.left},0)`)
      .call(d3.axisLeft(y).ticks(Math.min(3, y.domain()[1])).tickFormat(d3.format("d")));
    state.cursor = svg.append("line").attr("class", "cursor").attr("y1", margin.top).attr("y2", height - margin.bottom)
      .style("display", "none");
    const every = interval();
    state.brush = d3.brushX().extent([[margin.left, margin.top], [width - margin.right, height - margin.bottom]])
      .on("end", (event) => {
        if (state.brushing || !event.sourceEvent) return;
        if (!event.selection) { setFilter(null); return; }
        const [a, b] = event.selection.map(x.invert);
        const lo = every.floor(a);
        const hi = every.ceil(b) > lo ? every.ceil(b) : every.offset(lo, 1);
        state.brushing = true;
        state.brushNode.call(state.brush.move, [x(lo), x(hi)]);
        state.brushing = false;
        setFilter([+lo, +hi]);
      });
    state.brushNode = svg.append("g").attr("class", "brush").call(state.brush);
  }

  // ---- the graph ----------------------------------------------------------------------
  function drawGraph() {
    const m = state.m;
    const holder = document.getElementById("graph");
    const hadFocus = holder.contains(document.activeElement) ? document.activeElement.dataset.node : null;
    holder.replaceChildren();
    holder.dataset.width = holder.clientWidth;
    const rowH = 46, colW = 150, labelW = 160, top = 34;
    const steps = d3.max(m.agents, (a) => a.step) + 1;
    const agentsW = steps * colW;
    const x0 = agentsW + labelW;
    const width = Math.max(x0 + 300, holder.clientWidth || 1000);
    const undated = m.articles.some((a) => !a.time);
    const x1 = width - (undated ? 130 : 40);
    const times = timed().map((a) => +a.time);
    let lo = d3.min(times), hi = d3.max(times);
    if (lo === undefined) { lo = Date.now(); hi = lo; }
    const pad = hi === lo ? 6 * 3600e3 : (hi - lo) * 0.05;
    const x = d3.scaleUtc().domain([lo - pad, hi + pad]).range([x0 + 20, x1]);
    const byStep = d3.group(m.agents, (a) => a.step);
    const pos = new Map();
    for (const [step, list] of byStep) {
      list.forEach((a, i) => pos.set(a, { x: step * colW + colW / 2, y: top + (i + 0.5) * rowH }));
    }
    m.rows.forEach((p, r) => {
      const y = top + (r + 0.5) * rowH;
      pos.set(p, { x: agentsW + 10, y });
      const seen = [];
      for (const art of p.articles.slice().sort((a, b) => (a.time || Infinity) - (b.time || Infinity))) {
        let ax = art.time ? x(art.time) : x1 + 70;
        let ay = y;
        const close = seen.filter((s) => Math.abs(s - ax) < 12).length;
        if (close) ay = y + (close % 2 ? -1 : 1) * Math.ceil(close / 2) * 9;
        seen.push(ax);
        pos.set(art, { x: ax, y: ay });
      }
    });
    const height = top + Math.max(byStep.size ? d3.max([...byStep.values()], (l) => l.length) : 1, m.rows.length) * rowH + 16;
    const svg = d3.select(holder).append("svg").attr("width", width).attr("height", height)
      .attr("role", "group").attr("aria-label", "How the claim travelled: who said it, who relayed it, which outlets carried it, over time");
    state.svg = svg;
    svg.append("g").selectAll("rect").data(m.rows).join("rect").attr("class", "row-band")
      .attr("x", agentsW).attr("width", width - agentsW).attr("y", (p, r) => top + r * rowH).attr("height", rowH)
      .attr("opacity", (p, r) => (r % 2 ? 0 : 1));
    svg.append("g").attr("class", "axis").attr("transform", `translate(0,${top - 6})`)
      .call(d3.axisTop(x).ticks(Math.max(2, Math.floor((x1 - x0) / 120))));
    if (undated) svg.append("text").attr("x", x1 + 70).attr("y", top - 12).attr("text-anchor", "middle")
      .attr("class", "note").attr("fill", "currentColor").attr("font-size", 11).text("no date");
    // Publisher rows: a dotted line from the row's label to each of its articles.
    const rowEdges = m.rows.flatMap((p) => p.articles.map((art) => ({ id: "w" + p.id + art.id, from: p, to: art, kind: "publisher" })));
    const allEdges = m.edges.concat(rowEdges);
    const path = (e) => {
      const a = pos.get(e.from), b = pos.get(e.to);
      if (e.kind === "publisher") return `M${a.x + 140},${a.y}L${b.x},${b.y}`;
      return d3.linkHorizontal()({ source: [a.x, a.y], target: [b.x, b.y] });
    };
    const edgeG = svg.append("g").selectAll("g").data(allEdges).join("g").attr("data-edge", (e) => e.id);
    edgeG.append("path").attr("class", (e) => "edge " + e.kind).attr("d", path);
    edgeG.filter((e) => e.kind !== "publisher").append("path").attr("class", "edge-hit").attr("d", path)
      .on("click", (event, e) => openEdge(e)).append("title").text(edgeTitle);
    const nodes = [...m.agents, ...m.rows, ...m.articles];
    const nodeG = svg.append("g").selectAll("g").data(nodes).join("g")
      .attr("class", (n) => "node " + n.kind + (n.first ? " first" : "") + (n.uncertain ? " uncertain" : ""))
      .attr("data-node", (n) => n.id).attr("data-iri", (n) => n.iri || "")
      .attr("transform", (n) => `translate(${pos.get(n).x},${pos.get(n).y})`)
      .attr("tabindex", 0).attr("role", "button").attr("aria-label", nodeLabel)
      .on("click", (event, n) => openNode(n))
      .on("keydown", (event, n) => {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); openNode(n); }
      });
    nodeG.filter((n) => n.kind === "speaker" || n.kind === "intermediary").append("circle").attr("r", (n) => (n.kind === "speaker" ? 11 : 9));
    nodeG.filter((n) => n.kind === "source-outlet").append("rect").attr("x", -8).attr("y", -8).attr("width", 16).attr("height", 16).attr("rx", 3);
    nodeG.filter((n) => n.kind === "publisher").append("rect").attr("x", 0).attr("y", -11).attr("width", 140).attr("height", 22).attr("rx", 5);
    nodeG.filter((n) => n.kind === "article").append("circle").attr("r", 7);
    nodeG.filter((n) => n.kind === "article" && n.first).append("circle").attr("class", "ring").attr("r", 12);
    nodeG.filter((n) => n.kind === "article" && n.first).append("text").attr("class", "first-label")
      .attr("y", -16).attr("text-anchor", "middle").text(n => n.uncertain ? "first?" : "first");
    nodeG.filter((n) => n.kind !== "article" && n.kind !== "publisher").append("text")
      .attr("x", 0).attr("y", 24).attr("text-anchor", "middle").text((n) => clip(n.name, 24));
    nodeG.filter((n) => n.kind === "publisher").append("text").attr("class", "on-fill").attr("x", 8).attr("y", 4)
      .text((n) => clip(n.name, 19));
    nodeG.append("title").text(nodeLabel);
    state.pos = pos;
    applyVisibility();
    nodeG.classed("selected", (n) => n === state.selected);
    if (hadFocus) nodeG.filter((n) => n.id === hadFocus).node()?.focus();
  }
  const clip = (s, n) => (s.length > n ? s.slice(0, n - 1) + "…" : s);
  function nodeLabel(n) {
    if (n.kind === "article") {
      return (n.publisher ? n.publisher.name : "Article") + ", " + when(n.published) + ": " +
        (n.headline || "no headline") + (n.first ? " (first report)" : "");
    }
    if (n.kind === "publisher") return n.name + ": publisher of " + n.articles.length + " carrying article(s)";
    const role = { speaker: "speaker of the claim", intermediary: "speaker it came through", "source-outlet": "outlet named as source" }[n.kind];
    return n.name + ", " + role;
  }
  function edgeTitle(e) {
    const kinds = { enclosing: "said it on (enclosing statement)", named: "named as the source by", direct: "stated in" };
    return e.from.name + " → " + (e.to.name || e.to.headline || "the article") + ": " + (kinds[e.kind] || e.kind) + (e.cue ? " (" + e.cue + ")" : "");
  }

  function applyVisibility() {
    if (!state.svg) return;
    const hidden = (art) => passes(art);
    state.svg.selectAll("g.node").each(function (n) {
      const why = n.kind === "article" ? hidden(n) : null;
      this.classList.toggle("filtered", why === "filter");
      this.classList.toggle("hidden-by-replay", why === "replay");
    });
    state.svg.selectAll("g[data-edge]").each(function (e) {
      const why = e.to.kind === "article" ? hidden(e.to) : null;
      this.classList.toggle("filtered", why === "filter");
      this.classList.toggle("hidden-by-replay", why === "replay");
    });
    document.querySelectorAll("#table tbody tr").forEach((tr) => {
      tr.hidden = !!hidden(state.m.articles.find((a) => a.id === tr.dataset.article));
    });
  }

  // ---- replay ---------------------------------------------------------------------
  function toggleReplay() {
    if (state.timer) { stopReplay(); return; }
    const ts = timed().map((a) => +a.time);
    if (!ts.length) return;
    const lo = d3.min(ts), hi = d3.max(ts);
    const button = document.getElementById("replay");
    button.setAttribute("aria-pressed", "true");
    button.textContent = "■ Stop";
    const duration = 6000;
    state.replay = lo - 1;
    if (state.cursor) state.cursor.style("display", null);
    state.timer = d3.timer((elapsed) => {
      const t = lo + (hi - lo) * Math.min(1, elapsed / duration);
      state.replay = elapsed >= duration ? hi : t;
      if (state.cursor) state.cursor.attr("x1", state.x(t)).attr("x2", state.x(t));
      applyVisibility();
      if (elapsed >= duration + 800) stopReplay();
    });
  }
  function stopReplay() {
    if (state.timer) state.timer.stop();
    state.timer = null;
    state.replay = null;
    if (state.cursor) state.cursor.style("display", "none");
    const button = document.getElementById("replay");
    if (button) { button.setAttribute("aria-pressed", "false"); button.textContent = "▶ Replay"; }
    applyVisibility();
  }

  // ---- the side panel -----------------------------------------------------------------
  function panel(title, ...body) {
    const p = document.getElementById("panel");
    const close = el("button", { class: "close", "aria-label": "Close the panel", onclick: closePanel }, "✕");
    p.replaceChildren(close, el("h2", {}, title), ...body.flat().filter(Boolean));
    p.hidden = false;
    return p;
  }
  function closePanel() {
    document.getElementById("panel").hidden = true;
    select(null);
  }
  function select(node) {
    if (!state.svg) return;
    state.svg.selectAll("g.node").classed("selected", (n) => n === node);
    const back = state.selected;
    state.selected = node;
    if (!node && back) {
      const g = state.svg.select(`g[data-node="${back.id}"]`).node();
      if (g) g.focus();
    }
  }
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !document.getElementById("panel")?.hidden) closePanel();
  });

  function openNode(n) {
    select(n);
    if (n.kind === "article") return openArticle(n);
    if (n.kind === "publisher") {
      const list = n.articles.slice().sort((a, b) => (a.time || Infinity) - (b.time || Infinity));
      return panel(n.iri ? link(n.iri, n.name) : n.name,
        el("p", { class: "meta" }, "Publisher of " + list.length + " carrying article" + (list.length === 1 ? "" : "s")),
        el("ul", {}, list.map((a) => el("li", {}, el("a", { href: "#", onclick: (e) => { e.preventDefault(); openNode(a); } },
          a.headline || "untitled"), " · " + when(a.published) + (a.first ? " · first report" : "")))));
    }
    const role = { speaker: "Speaker of the claim", intermediary: "The claim came through this speaker (an enclosing statement)",
      "source-outlet": "Named as the source by the carrying articles" }[n.kind];
    return panel(link(n.iri, n.name), el("p", { class: "meta" }, role),
      el("p", {}, "Reaches " + n.articles.size + " carrying article" + (n.articles.size === 1 ? "" : "s") + "."),
      LINKS[n.iri] ? el("p", {}, el("a", { href: LINKS[n.iri] }, "All of " + n.name + "’s claims →")) : null);
  }

  function openEdge(e) {
    const kinds = {
      enclosing: "An enclosing statement: " + e.to.name + " is the speaker of the statement the claim is nested in" +
        (e.cue ? " (cue: “" + e.cue + "”)" : "") + ".",
      named: "Named as source: the article names " + (e.to.name || "this outlet") + " as where the claim came from.",
      direct: "The article states the claim, attributed to " + e.from.name + ".",
    };
    const to = e.to.kind === "article" ? (e.to.headline || "the article") : e.to.name;
    panel(e.from.name + " → " + to, el("p", {}, kinds[e.kind] || e.kind),
      e.to.kind === "article" ? el("button", { onclick: () => openNode(e.to) }, "Open the article") : null);
  }

  function openArticle(art) {
    const blocks = art.carriers.map((c) => carrierBlock(c));
    const meta = [art.publisher ? link(art.publisher.iri, art.publisher.name) : "publisher not known", " · ",
      when(art.published)];
    if (art.first) meta.push(" · ", el("span", { class: "first-badge" }, art.uncertain ? "first report (order within the day not known)" : "first report"));
    return panel(art.url ? el("a", { href: art.url, rel: "noopener noreferrer", target: "_blank" }, art.headline || art.url) : (art.headline || "Untitled article"),
      el("p", { class: "meta" }, meta), blocks);
  }

  function carrierBlock(c) {
    const detail = PAGE.details[c.statement] || {};
    const sentence = el("p", { class: "sentence" });
    if (detail.sentence && detail.sentence.length) {
      for (const piece of detail.sentence) {
        sentence.append(piece.mark ? el("mark", { class: piece.mark, title: piece.mark }, piece.text) : document.createTextNode(piece.text));
      }
    } else {
      sentence.append(el("mark", { class: "content" }, c.content));
    }
    const chain = [el("b", {}, link(state.claim.speaker.iri, state.claim.speaker.name))];
    const steps = d3.groups(c.via, (l) => l.step).sort((a, b) => a[0] - b[0]);
    for (const [, links] of steps) {
      chain.push(" → ");
      links.forEach((l, i) => {
        if (i) chain.push(", ");
        chain.push(link(l.iri, l.name), l.role === "outlet" ? " (named as source)" : (l.cue ? " (" + l.cue + ")" : ""));
      });
    }
    chain.push(" → this article");
    let diff;
    if (detail.diff === null || detail.diff === undefined) diff = el("p", { class: "diff note" }, "The earliest carrier: the others are compared with its words.");
    else if (!detail.diff.length) diff = el("p", { class: "diff note" }, "The same words as the earliest carrier.");
    else {
      diff = el("p", { class: "diff" }, el("span", { class: "note" }, "Against the earliest carrier: "),
        detail.diff.map((d) => d.op === "same" ? d.text : el(d.op === "added" ? "ins" : "del", { class: d.op, title: d.op === "added" ? "only here" : "only in the earliest" }, d.text)));
    }
    const pre = el("pre", { hidden: true }, detail.sparql || "");
    const run = DATA.served && detail.sparql ? el("a", { href: "/#query=" + encodeURIComponent(detail.sparql), hidden: true, class: "run" }, "Run it in the query page") : null;
    const toggle = el("button", { "aria-expanded": "false", onclick: () => {
      const open = pre.hidden;
      pre.hidden = !open;
      if (run) run.hidden = !open;
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.textContent = open ? "Hide SPARQL" : "Show SPARQL";
    } }, "Show SPARQL");
    return el("div", { class: "carrier", "data-statement": c.statement },
      sentence,
      el("p", { class: "meta" }, "Cue: ", c.cue ? el("mark", { class: "cue" }, c.cue) : "none", c.said_on ? " · said on " + c.said_on : ""),
      el("p", { class: "chain" }, chain),
      diff,
      el("p", {}, toggle, " ", run),
      pre);
  }

  // ---- the table ------------------------------------------------------------------
  function drawTable() {
    const holder = document.getElementById("table");
    const columns = [
      ["published", "Published", (a) => (a.time ? +a.time : Infinity)],
      ["outlet", "Outlet", (a) => (a.publisher ? a.publisher.name : "~")],
      ["headline", "Headline", (a) => a.headline || ""],
      ["cue", "Cue", (a) => a.carriers[0].cue || ""],
      ["via", "Through", (a) => a.carriers[0].via.map((l) => l.name).join(", ")],
    ];
    const sort = state.sort || { key: "published", dir: 1 };
    const rows = state.m.articles.slice().sort((a, b) => {
      const f = columns.find((c) => c[0] === sort.key)[2];
      const va = f(a), vb = f(b);
      return (va < vb ? -1 : va > vb ? 1 : 0) * sort.dir;
    });
    const head = el("tr", {}, columns.map(([key, label]) => el("th", {
      scope: "col", "aria-sort": sort.key === key ? (sort.dir > 0 ? "ascending" : "descending") : "none" },
    el("button", { onclick: () => { state.sort = { key, dir: sort.key === key ? -sort.dir : 1 }; drawTable(); } }, label))));
    const body = el("tbody", {}, rows.map((a) => el("tr", { "data-article": a.id, class: a.first ? "is-first" : null },
      el("td", {}, when(a.published), a.first ? [" ", el("span", { class: "first-badge" }, "first")] : null),
      el("td", {}, a.publisher ? link(a.publisher.iri, a.publisher.name) : "not known"),
      el("td", {}, el("a", { href: "#", onclick: (e) => { e.preventDefault(); openNode(a); } }, a.headline || "untitled")),
      el("td", {}, a.carriers.map((c) => c.cue).filter(Boolean).join("; ")),
      el("td", {}, a.carriers[0].via.map((l) => l.name).join(" → ")))));
    holder.replaceChildren(el("table", { "aria-label": "Carrying articles" }, el("thead", {}, head), body));
    applyVisibility();
  }

  // ---- downloads ------------------------------------------------------------------
  const slug = () => state.claim.iri.split("/").pop();
  function downloadCsv() {
    const head = ["claim", "speaker", "published", "publisher", "headline", "url", "cue", "content", "via", "first", "statement"];
    const lines = [head.join(",")];
    for (const c of state.claim.carriers) {
      lines.push([state.claim.iri, state.claim.speaker.name, c.article.published, c.article.publisher ? c.article.publisher.name : "",
        c.article.headline, c.article.url, c.cue, c.content, c.via.map((l) => l.name).join(" > "), c.first, c.statement].map(csvField).join(","));
    }
    download("claim-" + slug() + ".csv", "text/csv", lines.join("\n") + "\n");
  }
  function downloadJson() {
    const trace = { kind: "claim", query: state.claim.iri, matched: [], claims: [state.claim] };
    download("claim-" + slug() + ".json", "application/json", JSON.stringify(trace, null, 2) + "\n");
  }
  function downloadTurtle() {
    download("claim-" + slug() + ".ttl", "text/turtle", PAGE.turtle[state.claim.iri] || "");
  }

  // The graph is redrawn to the width it has: the panel opening or closing beside it, or the
  // window resized.
  const resized = new ResizeObserver(() => {
    const holder = document.getElementById("graph");
    if (!holder || !state.m || +holder.dataset.width === holder.clientWidth) return;
    drawGraph();
  });
  window.addEventListener("resize", () => {
    clearTimeout(state.resizing);
    state.resizing = setTimeout(() => { if (state.m) { drawStrip(); if (state.filter) setFilter(state.filter); } }, 200);
  });
  start();
})();
