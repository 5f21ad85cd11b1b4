// The speaker and outlet pages' timeline: each claim of the page a dot at the time it was
// first carried (by anyone on a speaker's page, by this outlet on an outlet's), higher the
// more articles carried it; on an outlet's page the claims it carried first are marked. A
// dot is a link to the claim's page. Reads #claimtrace-data: { agent: { kind, claims } }.
(function () {
  "use strict";
  const DATA = JSON.parse(document.getElementById("claimtrace-data").textContent);
  const page = DATA.agent;
  const holder = document.getElementById("timeline");
  const outlet = page.kind === "outlet";
  function instant(s) {
    if (!s) return null;
    const t = /T/.test(s) ? Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(s) ? s : s + "Z") : Date.parse(s + "T00:00:00Z");
    return Number.isNaN(t) ? null : new Date(t);
  }
  const claims = page.claims
    .map((c) => ({ ...c, at: instant(outlet ? c.carried : c.first) }))
    .filter((c) => c.at);
  function draw() {
    holder.replaceChildren();
    if (!claims.length) {
      const p = document.createElement("p");
      p.className = "note";
      p.textContent = "No claim on this page has a publication date to place it in time.";
      holder.append(p);
      return;
    }
    const width = Math.max(320, holder.clientWidth || 900);
    const height = 150;
    const margin = { left: 36, right: 16, top: 20, bottom: 24 };
    let [lo, hi] = d3.extent(claims, (c) => c.at);
    if (+lo === +hi) { lo = new Date(+lo - 864e5); hi = new Date(+hi + 864e5); }
    const x = d3.scaleUtc().domain([lo, hi]).nice().range([margin.left, width - margin.right]);
    const most = d3.max(claims, (c) => c.articles || 1);
    const y = d3.scaleLog().domain([1, Math.max(2, most)]).range([height - margin.bottom - 6, margin.top]);
    const svg = d3.select(holder).append("svg").attr("viewBox", [0, 0, width, height])
      .attr("aria-label", "This page's claims over time, higher the more articles carried them");
    svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - margin.bottom})`)
      .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(width / 120))));
    svg.append("g").attr("class", "axis").attr("transform", `translate(${margin.left},0)`)
      .call(d3.axisLeft(y).ticks(3, "~d"))
      .call((g) => g.append("text").attr("x", 4).attr("y", margin.top - 2).attr("fill", "currentColor")
        .attr("text-anchor", "start").text("articles"));
    const dots = svg.append("g").selectAll("a").data(claims).join("a")
      .attr("href", (c) => c.url || null)
      .attr("aria-label", (c) => (c.speaker ? c.speaker.name + ": " : "") + c.text);
    // Claims at the same place stand side by side rather than on top of one another.
    const taken = new Map();
    for (const c of claims) {
      const key = Math.round(x(c.at) / 10) + ":" + Math.round(y(Math.max(1, c.articles || 1)));
      const n = taken.get(key) || 0;
      taken.set(key, n + 1);
      c.dx = (n % 2 ? -1 : 1) * Math.ceil(n / 2) * 11;
    }
    dots.append("circle").attr("class", (c) => "dot" + (c.carried_first ? " first" : ""))
      .attr("cx", (c) => x(c.at) + c.dx).attr("cy", (c) => y(Math.max(1, c.articles || 1))).attr("r", 5);
    dots.append("title").text((c) => (c.speaker ? c.speaker.name + ": " : "") + c.text +
      " (" + (c.articles || 0) + " articles" + (c.carried_first ? ", carried first" : "") + ")");
  }
  draw();
  let resizing;
  window.addEventListener("resize", () => { clearTimeout(resizing); resizing = setTimeout(draw, 200); });
})();
