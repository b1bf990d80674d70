// ringlb's live dashboard. Polls /dashboard/state every 500 ms, redraws the ring from
// /ring?sectors=N when its version changes, and adds or removes replicas through the admin API's
// own /add and /rm, previewing each with ?dry_run=true. Everything comes from the admin listener.
"use strict";

(() => {
  const POLL_MS = 500;
  const SECTORS = 360;
  const $ = (id) => document.getElementById(id);

  let ringVersion = null;
  let chart = null;
  let chartNames = "";
  let pending = null; // the action a preview waits to confirm
  let lastOk = 0;

  // ---------------------------------------------------------------- colours

  const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1", "#edc948",
    "#76b7b2", "#ff9da7", "#9c755f", "#1b9e77", "#7570b3", "#a6761d"];
  const colors = new Map(); // name -> colour, kept while the page is open

  function hash(name) {
    let h = 2166136261;
    for (let i = 0; i < name.length; i++) {
      h ^= name.charCodeAt(i);
      h = Math.imul(h, 16777619);
    }
    return h >>> 0;
  }

  /**
   * A colour per replica: a palette colour chosen from its name, moving on to the next one no
   * replica shown has; past the palette, a hue from the name.
   */
  function colorOf(name) {
    let c = colors.get(name);
    if (c) return c;
    const used = new Set(colors.values());
    const h = hash(name);
    for (let i = 0; i < PALETTE.length && !c; i++) {
      const candidate = PALETTE[(h + i) % PALETTE.length];
      if (!used.has(candidate)) c = candidate;
    }
    c = c || `hsl(${((h * 0.618033988749895 * 360) % 360).toFixed(0)}, 55%, 50%)`;
    colors.set(name, c);
    return c;
  }

  /** Lets the colours of replicas no longer shown be used again. */
  function forgetColors(shown) {
    for (const name of [...colors.keys()]) if (!shown.has(name)) colors.delete(name);
  }

  function el(tag, attrs = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c);
    return e;
  }

  const pct = (x) => (100 * x).toFixed(x < 0.001 && x > 0 ? 3 : 1) + "%";
  const clock = (ms) => new Date(ms).toLocaleTimeString([], { hour12: false });

  // ---------------------------------------------------------------- polling

  async function poll() {
    try {
      const r = await fetch("/dashboard/state", { cache: "no-store" });
      if (!r.ok) throw new Error("HTTP " + r.status);
      const state = (await r.json()).message;
      render(state);
      lastOk = Date.now();
    } catch (e) {
      // The balancer may be restarting; the live badge says so.
    }
    const live = $("live");
    const fresh = Date.now() - lastOk < 3 * POLL_MS;
    live.textContent = lastOk === 0 ? "connecting…" : fresh ? "live " + clock(lastOk) : "no answer since " + clock(lastOk);
    live.className = "pill " + (fresh ? "ok" : "stale");
    setTimeout(poll, POLL_MS);
  }

  function render(s) {
    $("algorithm").textContent = s.algorithm;
    $("n").textContent = s.N;
    $("version").textContent = s.version;
    renderReplicas(s);
    renderChart(s);
    renderEvents(s.events);
    renderErrors(s.errors);
    $("chart-note").hidden = s.counting;
    if (s.version !== ringVersion) {
      ringVersion = s.version;
      drawRing();
    }
  }

  // ---------------------------------------------------------------- replicas

  function lastRate(s, name) {
    const series = s.series.replicas[name];
    if (!series) return null;
    for (let i = series.length - 1; i >= 0; i--) if (series[i] !== null) return series[i];
    return null;
  }

  function renderReplicas(s) {
    const body = $("replicas").tBodies[0];
    const rows = new Map([...body.rows].map((r) => [r.dataset.replica, r]));
    const seen = new Set();
    s.replicas.forEach((r, i) => {
      seen.add(r.name);
      let row = rows.get(r.name);
      if (!row) {
        row = newRow(r.name);
      }
      if (body.rows[i] !== row) body.insertBefore(row, body.rows[i] || null);
      row.dataset.status = r.status;
      const c = row.cells;
      c[2].textContent = r.status;
      c[2].className = "status " + r.status;
      c[3].textContent = r.heartbeat_ms === null ? "–" : r.heartbeat_ms.toFixed(1) + " ms";
      c[3].className = "num" + (r.heartbeat_failure ? " hb-fail" : "");
      c[3].title = r.heartbeat_failure || "";
      c[4].textContent = r.status === "up" ? pct(r.share) : "–";
      const rate = lastRate(s, r.name);
      c[5].textContent = rate === null ? "–" : rate.toFixed(0);
      c[6].textContent = r.in_flight;
      c[7].textContent = r.requests;
      c[8].textContent = r.errors;
      c[9].firstChild.disabled = r.status !== "up";
    });
    for (const [name, row] of rows) if (!seen.has(name)) row.remove();
    forgetColors(new Set([...seen, ...Object.keys(s.series.replicas)]));
  }

  function newRow(name) {
    const remove = el("button", { class: "remove", type: "button", text: "remove", "aria-label": "remove " + name });
    remove.addEventListener("click", () => preview("rm", { n: 1, hostnames: [name] }));
    const swatch = el("span", { class: "swatch" });
    swatch.style.background = colorOf(name);
    const row = el("tr", {},
      el("td", {}, swatch), el("td", { text: name }), el("td"), el("td", { class: "num" }), el("td", { class: "num" }),
      el("td", { class: "num" }), el("td", { class: "num" }), el("td", { class: "num" }), el("td", { class: "num" }),
      el("td", {}, remove));
    row.dataset.replica = name;
    return row;
  }

  // ---------------------------------------------------------------- ring

  async function drawRing() {
    let ring;
    try {
      const r = await fetch("/ring?sectors=" + SECTORS, { cache: "no-store" });
      ring = (await r.json()).message;
    } catch (e) {
      ringVersion = null; // try again on the next poll
      return;
    }
    const svg = $("ring");
    svg.replaceChildren();
    const owners = ring.sectors;
    const names = ring.members.map((m) => m.name);
    const n = owners.length;
    const ns = "http://www.w3.org/2000/svg";
    let start = 0;
    for (let i = 1; i <= n; i++) {
      if (i < n && owners[i] === owners[start]) continue;
      const path = document.createElementNS(ns, "path");
      path.setAttribute("d", arc(start / n, i / n, 72, 100));
      const owner = owners[start];
      path.setAttribute("fill", owner < 0 ? "#ddd" : colorOf(names[owner]));
      const title = document.createElementNS(ns, "title");
      title.textContent = owner < 0 ? "no replica" : names[owner];
      path.append(title);
      svg.append(path);
      start = i;
    }
    // Inside: each replica's exact share of the key space, as one arc each.
    let at = 0;
    for (const m of ring.members) {
      if (m.share <= 0) continue;
      const path = document.createElementNS(ns, "path");
      path.setAttribute("d", arc(at, Math.min(1, at + m.share), 52, 66));
      path.setAttribute("fill", colorOf(m.name));
      const title = document.createElementNS(ns, "title");
      title.textContent = m.name + ": " + pct(m.share) + " of the keys";
      path.append(title);
      svg.append(path);
      at += m.share;
    }
    const label = document.createElementNS(ns, "text");
    label.setAttribute("text-anchor", "middle");
    label.setAttribute("y", "4");
    label.textContent = ring.N === 0 ? "empty" : ring.N + " replica" + (ring.N === 1 ? "" : "s");
    svg.append(label);
  }

  /** An annulus sector from fraction a to b of the circle, clockwise from the top. */
  function arc(a, b, r0, r1) {
    const pt = (f, r) => {
      const t = 2 * Math.PI * f - Math.PI / 2;
      return (r * Math.cos(t)).toFixed(3) + " " + (r * Math.sin(t)).toFixed(3);
    };
    if (b - a >= 1) { // the whole circle: two halves
      return arc(0, 0.5, r0, r1) + " " + arc(0.5, 1, r0, r1);
    }
    const large = b - a > 0.5 ? 1 : 0;
    return `M ${pt(a, r1)} A ${r1} ${r1} 0 ${large} 1 ${pt(b, r1)} L ${pt(b, r0)} A ${r0} ${r0} 0 ${large} 0 ${pt(a, r0)} Z`;
  }

  // ---------------------------------------------------------------- chart

  function renderChart(s) {
    const names = Object.keys(s.series.replicas);
    const data = [s.series.t, ...names.map((n) => s.series.replicas[n])];
    const key = names.join("\n");
    const box = $("chart");
    const width = Math.max(300, box.clientWidth);
    if (chart === null || key !== chartNames) {
      if (chart !== null) chart.destroy();
      chartNames = key;
      chart = new uPlot({
        width, height: 220,
        scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(10, max * 1.1)] } },
        axes: [{}, { label: "req/s", size: 60 }],
        series: [{}, ...names.map((n) => ({ label: n, stroke: colorOf(n), width: 2, spanGaps: false, points: { show: false } }))],
      }, data, box);
    } else {
      if (Math.abs(chart.width - width) > 2) chart.setSize({ width, height: 220 });
      chart.setData(data);
    }
  }

  // ---------------------------------------------------------------- events and errors

  function renderEvents(events) {
    $("events").replaceChildren(...events.slice(0, 50).map((e) =>
      el("li", {}, el("time", { text: clock(e.epochMillis) }), " ", el("span", { class: "ev " + e.event, text: e.event }), " ",
        el("b", { text: e.replica }), " ", el("span", { class: "muted", text: e.detail || "" }))));
  }

  function renderErrors(errors) {
    if (errors.length === 0) {
      $("errors").replaceChildren(el("li", { class: "muted", text: "none" }));
      return;
    }
    $("errors").replaceChildren(...errors.map((e) =>
      el("li", {}, el("time", { text: clock(e.time) }), " ", el("span", { class: "ev err", text: e.status + " " + e.reason }), " ",
        el("span", { text: (e.replica ? e.replica + ": " : "") + e.message }))));
  }

  // ---------------------------------------------------------------- add and remove

  function adminHeaders() {
    const h = { "Content-Type": "application/json" };
    const token = $("token").value.trim();
    if (token) h.Authorization = "Bearer " + token;
    return h;
  }

  async function admin(op, body, dryRun) {
    const r = await fetch("/" + op + (dryRun ? "?dry_run=true" : ""), {
      method: op === "add" ? "POST" : "DELETE", headers: adminHeaders(), body: JSON.stringify(body),
    });
    const json = await r.json().catch(() => ({ message: "HTTP " + r.status, status: "failure" }));
    return { ok: r.ok && json.status === "successful", message: json.message };
  }

  async function preview(op, body) {
    result("");
    const p = await admin(op, body, true);
    if (!p.ok) {
      result(p.message, true);
      return;
    }
    const m = p.message;
    const who = (op === "add" ? m.would_add : m.would_remove).join(", ");
    $("preview-text").textContent = (op === "add" ? "Add " : "Remove ") + who + ": N " + m.N.before + " → " + m.N.after
      + "; " + pct(m.moved) + " of the keys would move." + (m.note ? " (" + m.note + ")" : "");
    $("preview-flows").replaceChildren(...m.flows.slice(0, 8).map((f) =>
      el("li", { text: pct(f.fraction) + " from " + (f.from || "nobody") + " to " + (f.to || "nobody") })));
    pending = { op, body };
    $("preview").hidden = false;
    $("preview-confirm").focus();
  }

  async function confirm() {
    if (!pending) return;
    const { op, body } = pending;
    pending = null;
    $("preview").hidden = true;
    $("preview-confirm").disabled = true;
    result((op === "add" ? "adding" : "removing") + "…");
    try {
      const r = await admin(op, body, false);
      result(r.ok ? "done: N=" + r.message.N + " " + r.message.replicas.join(", ") : r.message, !r.ok);
    } finally {
      $("preview-confirm").disabled = false;
    }
  }

  function result(text, error = false) {
    $("action-result").textContent = typeof text === "string" ? text : JSON.stringify(text);
    $("action-result").className = "small" + (error ? " error" : "");
  }

  function init() {
    const token = sessionStorage.getItem("ringlb-token");
    if (token) $("token").value = token;
    $("token").addEventListener("change", () => sessionStorage.setItem("ringlb-token", $("token").value));
    $("add-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const name = $("add-name").value.trim();
      preview("add", name ? { n: 1, hostnames: [name] } : { n: 1 });
    });
    $("preview-confirm").addEventListener("click", confirm);
    $("preview-cancel").addEventListener("click", () => {
      pending = null;
      $("preview").hidden = true;
    });
    poll();
  }

  init();
})();
