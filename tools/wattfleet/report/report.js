// Draws the report from the JSON the page embeds (the result file's figures, arranged by
// `wattfleet report`). Nothing here computes physics: it sorts, groups and draws.
(function () {
  "use strict";
  const started = performance.now();
  const data = JSON.parse(document.getElementById("wf-data").textContent);
  const parsed = performance.now();
  const charts = [];
  const DAY = 86400e3, WEEK = 7 * DAY;
  const COLORS = { grid_power: "#0b6e99", pv_power: "#e0a800", battery_power: "#2e8b57",
                   it_power: "#8a3ffc", cooling_power: "#d4572a", unserved_power: "#c62828" };
  const LABELS = { grid_power: "grid", pv_power: "PV", battery_power: "battery",
                   it_power: "IT", cooling_power: "cooling", unserved_power: "unserved" };

  // --- small helpers -------------------------------------------------------------
  function h(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v; else e.setAttribute(k, v);
    }
    for (const c of children.flat())
      if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
    return e;
  }
  const formats = {};  // one formatter per digit count: making one costs more than using it
  function num(v, digits) {
    if (v === null || v === undefined || Number.isNaN(v)) return "—";
    const f = formats[digits] || (formats[digits] = new Intl.NumberFormat("en-GB",
      { maximumFractionDigits: digits, minimumFractionDigits: 0 }));
    return f.format(Number(v));
  }
  // Text from the file inside HTML strings (ECharts tooltips): never markup.
  const esc = (x) => echarts.format.encodeHTML(String(x ?? ""));
  function pct(v, digits) { return v === null ? "—" : num(v * 100, digits ?? 1) + " %"; }
  function withUnits(v, units, key) {
    if (v === null || v === undefined) return "—";
    if (units === "1" && /irr|share|soh|soc/.test(key || "")) return pct(v, 2);
    if (units === "EUR") return num(v, 0) + " EUR";
    if (units === "a") return num(v, 1) + " years";
    if (units === "1") return num(v, Math.abs(v) < 0.01 ? 9 : 4);
    return num(v, Math.abs(v) >= 100 ? 0 : 2) + " " + units;
  }
  function date(ms) { return new Date(ms).toISOString().slice(0, 16).replace("T", " ") + " UTC"; }
  function section(parent, title, note) {
    parent.append(h("h3", {}, title));
    if (note) parent.append(h("p", { class: "note" }, note));
  }
  // Charts are laid out at once (their boxes have fixed heights) and drawn in page order:
  // those on the first screen before the page shows, the rest one per task after it, so
  // the page paints and scrolls while they draw. Printing draws what is left first.
  let chartCount = 0;
  const pending = [];
  function chart(parent, option, tall) {
    const div = h("div", { class: "chart" + (tall ? " tall" : ""), id: "chart-" + ++chartCount });
    parent.append(div);
    const job = { div, option, chart: null, ms: 0 };
    charts.push(job);
    pending.push(job);
    return job;
  }
  function draw(job) {
    if (job.chart) return job.chart;
    const i = pending.indexOf(job);
    if (i >= 0) pending.splice(i, 1);
    const t0 = performance.now();
    job.chart = echarts.init(job.div, null, { renderer: "svg" });
    job.chart.setOption(Object.assign({ animation: false, textStyle: { fontFamily: "inherit" } }, job.option));
    job.ms = performance.now() - t0;
    return job.chart;
  }
  function table(parent, head, rows, chosen) {
    const t = h("table", {}, h("tr", {}, head.map((x, i) => h("th", { class: i ? "" : "text" }, x))));
    rows.forEach((r, k) => t.append(h("tr", { class: chosen && chosen(k) ? "chosen" : "" },
      r.map((x, i) => h("td", { class: i ? "" : "text" }, x)))));
    parent.append(h("div", { class: "scroll" }, t));
  }
  function cards(parent, headline) {
    const box = h("div", { class: "cards" });
    for (const x of headline)
      box.append(h("div", { class: "card", title: x.source, "data-source": x.source,
                            "data-value": JSON.stringify(x.value) },
        h("div", { class: "label" }, x.label), h("div", { class: "value" }, withUnits(x.value, x.units, x.key))));
    parent.append(box);
  }
  const kw = (v) => (v === null ? "—" : num(v, 1) + " kW");
  const eur = (v) => (v === null ? "—" : num(v, 0) + " EUR");
  const zoom = (start, end) => [
    { type: "inside", startValue: start, endValue: end },
    { type: "slider", startValue: start, endValue: end, height: 18, bottom: 6, showDataShadow: false }];
  // A band from min to max drawn as a transparent base plus the stacked difference.
  function band(name, t, lo, hi, color, scale) {
    const k = scale || 1;
    return [
      { name: name, type: "line", stack: "band-" + name, stackStrategy: "all", symbol: "none",
        color: color, lineStyle: { opacity: 0 }, silent: true, tooltip: { show: false },
        data: t.map((x, i) => [x, lo[i] === null ? null : lo[i] * k]) },
      { name: name, type: "line", stack: "band-" + name, stackStrategy: "all", symbol: "none",
        color: color, lineStyle: { opacity: 0 }, areaStyle: { color: color, opacity: 0.18 }, silent: true,
        tooltip: { show: false },
        data: t.map((x, i) => [x, hi[i] === null || lo[i] === null ? null : (hi[i] - lo[i]) * k]) }];
  }

  // --- header and provenance -----------------------------------------------------
  const m = data.meta;
  const top = document.getElementById("top");
  top.append(h("h1", {}, (m.kind === "sizing" ? "Sizing report: " : "Run report: ") + m.file),
    h("div", { class: "sub" }, `scenario ${m.scenario_path || "(in memory)"} · wattfleet ${m.version}` +
      ` (${m.git_hash}) · created ${m.created_utc}` + (m.seed !== undefined ? ` · seed ${m.seed}` : "")));
  const main = document.getElementById("report");
  const foot = document.getElementById("foot");
  function provenance() {
    const d = h("details", {}, h("summary", {}, "Provenance: scenario, overrides, seed, version"));
    d.append(h("p", {}, `File ${m.file}, written by wattfleet ${m.version} (${m.git_hash}) on ` +
      `${m.created_utc}; this page by wattfleet report ${m.report_version}.`));
    if (m.seed !== undefined) d.append(h("p", {}, `Seed: ${m.seed}`));
    if (m.overrides) d.append(h("p", {}, "Overrides:"), h("pre", {}, m.overrides));
    if (m.sizing) d.append(h("p", {}, "Sweep:"), h("pre", {}, m.sizing));
    d.append(h("p", {}, "Scenario:"), h("pre", {}, m.scenario || "(not stored)"));
    foot.append(h("h2", {}, "Provenance"), d,
      h("p", { class: "note" }, "Every figure on this page is read from the result file; " +
        "hover a headline figure to see where it is stored."));
  }

  // --- run reports ---------------------------------------------------------------
  function monthlyBill(parent, s) {
    const comps = ["energy", "network_energy", "demand", "fixed", "taxes", "vat", "feed_in"];
    const months = [...new Set(Object.keys(s.summary).map((k) => (k.match(/^bill\.(\d{4}-\d{2})\.total$/) || [])[1])
      .filter(Boolean))].sort();
    if (!months.length) return;
    const hasWithout = months.some((mo) => s.summary["without_storage.bill." + mo + ".total"]);
    const series = [];
    const palette = ["#0b6e99", "#5fa8d3", "#e07a5f", "#81b29a", "#f2cc8f", "#9c89b8", "#3d405b"];
    for (const [stack, prefix] of hasWithout ? [["with storage", "bill."], ["without storage", "without_storage.bill."]] : [["bill", "bill."]])
      comps.forEach((c, i) => series.push({
        name: c.replace("_", " "), type: "bar", stack: stack, color: palette[i],
        itemStyle: stack === "without storage" ? { opacity: 0.55, borderColor: "#333", borderWidth: 0.5 } : {},
        data: months.map((mo) => { const v = s.summary[prefix + mo + "." + c]; return v ? v.value : 0; }) }));
    section(parent, "Monthly bill by component" + (hasWithout ? ": with storage (left) and without (right, faded)" : ""),
      "From /summary bill.<month>.<component>" + (hasWithout ? " and without_storage.bill.<month>.<component>." : "."));
    chart(parent, {
      tooltip: { trigger: "axis", valueFormatter: eur }, legend: { top: 0, type: "scroll" },
      grid: { left: 70, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: months }, yAxis: { type: "value", name: "EUR" }, series });
  }

  function powerWeek(parent, s) {
    const ser = s.series, t = ser.t_ms, ch = ser.channels;
    const names = ["grid_power", "pv_power", "battery_power", "it_power", "cooling_power"].filter((c) => ch[c]);
    if (!names.length || !t.length) return;
    const end = t[t.length - 1];
    const peak = ser.peak_ms ?? t[0];
    let start = Math.max(t[0], Math.floor((peak - 3.5 * DAY) / DAY) * DAY);
    start = Math.max(t[0], Math.min(start, end - WEEK));
    // Only the chosen week is handed to the chart (the whole year would cost seconds).
    const at = (x) => Math.round((x - ser.t0_ms) / ser.step_ms);
    function weekSeries(w) {
      const i0 = Math.max(0, at(w)), i1 = Math.min(t.length, at(w + WEEK) + 1);
      const tw = t.slice(i0, i1), part = (a) => a.slice(i0, i1);
      const out = [];
      for (const c of names) {
        if (ch[c].min) out.push(...band(LABELS[c], tw, part(ch[c].min), part(ch[c].max), COLORS[c]));
        out.push({ name: LABELS[c], type: "line", symbol: "none", color: COLORS[c], lineStyle: { width: 1.4 },
                   data: tw.map((x, i) => [x, ch[c].mean[i0 + i]]) });
      }
      return out;
    }
    const bucket = ser.rows_per_bucket * data.interval_s;
    section(parent, "A week of power flows (the week with the highest import, or choose one)",
      `Lines: means; bands: min–max of the output rows (${bucket >= 3600 ? num(bucket / 3600, 2) + " h" : num(bucket / 60, 1) + " min"} a point). ` +
      "Drag or scroll to zoom. " + data.decimation);
    const pick = h("select", { class: "noprint" });
    const gm = ch.grid_power ? ch.grid_power.max || ch.grid_power.mean : [];
    for (let w = t[0]; w < end; w += WEEK) {
      let best = -Infinity;
      for (let i = Math.max(0, at(w)); i < Math.min(t.length, at(w + WEEK)); ++i) if (gm[i] !== null) best = Math.max(best, gm[i]);
      pick.append(h("option", { value: w }, `week from ${date(w).slice(0, 10)}` + (best > -Infinity ? ` (peak ${kw(best)})` : "")));
    }
    pick.prepend(h("option", { value: start, selected: "" }, `highest import: ${date(start).slice(0, 10)} to ${date(start + WEEK).slice(0, 10)}`));
    parent.append(h("label", { class: "noprint" }, "Week: ", pick));
    const job = chart(parent, {
      legend: { top: 0, data: names.map((n) => LABELS[n]) },
      tooltip: { trigger: "axis", formatter: (ps) => {
        const i = at(ps[0].value[0]);
        return date(t[i]) + "<br>" + names.map((n) => `${LABELS[n]}: ${kw(ch[n].mean[i])} ` +
          (ch[n].min ? `<span style="color:#888">[${kw(ch[n].min[i])} … ${kw(ch[n].max[i])}]</span>` : "")).join("<br>");
      } },
      grid: { left: 60, right: 20, top: 36, bottom: 50 },
      xAxis: { type: "time" }, yAxis: { type: "value", name: "kW" },
      dataZoom: zoom(undefined, undefined), series: weekSeries(start) }, true);
    pick.addEventListener("change", () => {
      const c = draw(job);
      c.setOption({ series: weekSeries(Number(pick.value)) }, { replaceMerge: ["series"] });
      c.dispatchAction({ type: "dataZoom", start: 0, end: 100 });
    });
  }

  // Coarser buckets for a whole-run chart (about 1,500 points): mean of the means, the
  // lowest minimum and the highest maximum, as the page's own buckets are made.
  function coarse(t, c, target) {
    const k = Math.max(1, Math.ceil(t.length / target)), out = { t: [], mean: [], min: c.min ? [] : null, max: c.max ? [] : null };
    for (let i = 0; i < t.length; i += k) {
      let sum = 0, n = 0, lo = Infinity, hi = -Infinity;
      for (let j = i; j < Math.min(t.length, i + k); ++j) {
        if (c.mean[j] !== null) { sum += c.mean[j]; ++n; }
        if (c.min && c.min[j] !== null) lo = Math.min(lo, c.min[j]);
        if (c.max && c.max[j] !== null) hi = Math.max(hi, c.max[j]);
      }
      out.t.push(t[i]);
      out.mean.push(n ? sum / n : null);
      if (out.min) { out.min.push(lo < Infinity ? lo : null); out.max.push(hi > -Infinity ? hi : null); }
    }
    out.factor = k;
    return out;
  }

  function stateOfCharge(parent, s) {
    const ser = s.series, ch = ser.channels;
    if (!ch.soc && !ch.soh) return;
    const series = [];
    const soc = ch.soc ? coarse(ser.t_ms, ch.soc, 1500) : null, soh = ch.soh ? coarse(ser.t_ms, ch.soh, 1500) : null;
    const t = (soc || soh).t, factor = (soc || soh).factor;
    const percent = (a) => a.map((v, i) => [t[i], v === null ? null : v * 100]);
    if (soc && soc.min) series.push(...band("SoC", t, soc.min, soc.max, "#2e8b57", 100));
    if (soc) series.push({ name: "SoC", type: "line", symbol: "none", color: "#2e8b57", data: percent(soc.mean) });
    if (soh) series.push({ name: "SoH", type: "line", symbol: "none", color: "#c62828", lineStyle: { width: 2 }, data: percent(soh.mean) });
    const hours = factor * ser.rows_per_bucket * data.interval_s / 3600;
    section(parent, "State of charge and state of health over the run",
      `SoC: mean and min–max band; SoH: capacity-weighted; ${num(hours, 2)} h a point (min and max kept).`);
    chart(parent, {
      legend: { top: 0, data: ["SoC", "SoH"].filter((n) => series.some((x) => x.name === n)) },
      tooltip: { trigger: "axis", formatter: (ps) => { const i = ps[0].dataIndex;
        return date(t[i]) + (soc ? `<br>SoC ${pct(soc.mean[i])}` + (soc.min ? ` [${pct(soc.min[i])} … ${pct(soc.max[i])}]` : "") : "") +
          (soh ? `<br>SoH ${pct(soh.mean[i], 2)}` : ""); } },
      grid: { left: 60, right: 20, top: 36, bottom: 50 },
      xAxis: { type: "time" }, yAxis: { type: "value", name: "%", min: 0, max: 100 },
      dataZoom: zoom(t[0], t[t.length - 1]), series });
  }

  function durationAndPeaks(parent, s) {
    const g = s.grid_histogram;
    if (!g) return;
    const bins = g.with.length, width = (g.hi_kw - g.lo_kw) / bins;
    const n = g.with.reduce((a, b) => a + b, 0);
    function curve(counts) {  // highest first: share of time at or above each level
      const pts = [];
      let cum = 0;
      for (let b = bins - 1; b >= 0; --b) {
        if (!counts[b]) continue;
        const level = g.lo_kw + (b + 1) * width;
        pts.push([cum / n * 100, level]);
        cum += counts[b];
        pts.push([cum / n * 100, level]);
      }
      return pts;
    }
    const series = [{ name: "with storage", type: "line", symbol: "none", color: "#0b6e99", data: curve(g.with) }];
    if (g.without) series.push({ name: "without storage (grid + battery flow)", type: "line", symbol: "none",
                                 color: "#d4572a", lineStyle: { type: "dashed" }, data: curve(g.without) });
    section(parent, "Load duration curve of the grid power",
      `Interval means sorted from highest; levels on ${bins} bins of ${num(width, 2)} kW (the top bin ends at the largest mean). ` +
      "Without storage: the same rows with the batteries' flow put back on the grid (the site's run without storage is not stored).");
    chart(parent, {
      legend: { top: 0 }, tooltip: { trigger: "axis", valueFormatter: kw },
      grid: { left: 60, right: 20, top: 36, bottom: 40 },
      xAxis: { type: "value", name: "% of time", min: 0, max: 100 }, yAxis: { type: "value", name: "kW" }, series });

    // Distribution of import levels against the connection's limit.
    const limit = s.summary.grid_import_limit ? s.summary.grid_import_limit.value : null;
    const lo = Math.max(0, g.lo_kw), coarse = 40;
    const top = Math.max(g.hi_kw, limit ?? 0) * 1.0001, step = (top - lo) / coarse;
    if (!(step > 0)) return;
    const agg = (counts) => { const out = new Array(coarse).fill(0);
      counts.forEach((c, b) => { const x = g.lo_kw + (b + 0.5) * width; if (x >= lo) out[Math.min(coarse - 1, Math.floor((x - lo) / step))] += c; });
      return out.map((c) => c / n * 100); };
    const cats = Array.from({ length: coarse }, (_, i) => `${num(lo + i * step, 0)}–${num(lo + (i + 1) * step, 0)}`);
    const ser2 = [{ name: "with storage", type: "bar", color: "#0b6e99", data: agg(g.with),
      markLine: limit === null ? undefined : { symbol: "none", lineStyle: { color: "#c62828", width: 2 },
        label: { formatter: `import limit ${kw(limit)}` }, data: [{ xAxis: Math.min(coarse - 1, Math.floor((limit - lo) / step)) }] } }];
    if (g.without) ser2.push({ name: "without storage", type: "bar", color: "#d4572a", itemStyle: { opacity: 0.6 }, data: agg(g.without) });
    section(parent, "How often each import level occurs (interval means), against the import limit",
      `Peak import at any instant: ${s.summary.peak_import ? kw(s.summary.peak_import.value) : "—"}` +
      (limit === null ? "; the connection has no import limit." : `; limit ${kw(limit)}.`));
    chart(parent, {
      legend: { top: 0 }, tooltip: { trigger: "axis", valueFormatter: (v) => num(v, 2) + " % of time" },
      grid: { left: 60, right: 20, top: 36, bottom: 60 },
      xAxis: { type: "category", data: cats, name: "kW", axisLabel: { rotate: 40, fontSize: 10 } },
      yAxis: { type: "value", name: "% of time" }, series: ser2 });
  }

  function events(parent, s) {
    const e = s.events;
    section(parent, "Events", e.total ? `${e.total} events` + (e.shown.length < e.total ? `; the first ${e.shown.length} are drawn` : "") +
      ". Hover a point for its message." : "No events in this run.");
    if (!e.total) return;
    table(parent, ["kind", "count"], Object.entries(e.counts).sort((a, b) => b[1] - a[1]).map(([k, c]) => [k, num(c, 0)]));
    const kinds = Object.keys(e.counts).sort();
    chart(parent, {
      tooltip: { trigger: "item", formatter: (p) => `${date(p.data[0])}<br><b>${esc(p.data[1])}</b> (${num(p.data[2], 3)})<br>${esc(p.data[3])}` },
      grid: { left: 150, right: 20, top: 20, bottom: 50 },
      xAxis: { type: "time" }, yAxis: { type: "category", data: kinds },
      dataZoom: zoom(s.series.t_ms.length ? s.series.t_ms[0] : undefined, s.series.t_ms.length ? s.series.t_ms[s.series.t_ms.length - 1] : undefined),
      series: [{ type: "scatter", symbol: "rect", symbolSize: 6, large: true, largeThreshold: 500, color: "#d4572a", data: e.shown }] });
  }

  function decisions(parent, s) {
    if (!s.rule_shares.length) return;
    section(parent, "The controller's decisions", "Share of the run in which each rule of the controller set the battery power (mean of the ems_<rule> channels).");
    chart(parent, {
      tooltip: { trigger: "axis", valueFormatter: (v) => num(v, 2) + " %" },
      grid: { left: 160, right: 30, top: 20, bottom: 30 },
      xAxis: { type: "value", name: "%", max: 100 }, yAxis: { type: "category", data: s.rule_shares.map((r) => r.rule) },
      series: [{ type: "bar", color: "#0b6e99", data: s.rule_shares.map((r) => r.share * 100) }] });
  }

  function forecasts(parent, s) {
    const rows = [];
    for (const [k, v] of Object.entries(s.summary)) {
      const mm = k.match(/^forecast\.(.+)\.([a-z_]+)\.([0-9a-z]+)\.skill$/);
      if (mm) rows.push({ load: mm[1], method: mm[2], horizon: mm[3], skill: v.value,
        mae: (s.summary[k.replace(/skill$/, "mae")] || {}).value, rmse: (s.summary[k.replace(/skill$/, "rmse")] || {}).value,
        units: (s.summary[k.replace(/skill$/, "mae")] || {}).units });
    }
    if (!rows.length) return;
    const methods = [...new Set(rows.map((r) => r.method))], keys = [...new Set(rows.map((r) => r.load + " " + r.horizon))];
    section(parent, "Forecast skill of the IT load", "Skill = 1 − RMSE / RMSE of persistence at the same horizon (higher is better).");
    chart(parent, {
      legend: { top: 0 }, tooltip: { trigger: "axis", valueFormatter: (v) => num(v, 3) },
      grid: { left: 60, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: methods }, yAxis: { type: "value", name: "skill" },
      series: keys.map((key) => ({ name: key, type: "bar",
        data: methods.map((mt) => { const r = rows.find((x) => x.method === mt && x.load + " " + x.horizon === key); return r ? r.skill : null; }) })) });
    table(parent, ["load", "method", "horizon", "MAE", "RMSE", "skill"],
      rows.map((r) => [r.load, r.method, r.horizon, withUnits(r.mae, r.units), withUnits(r.rmse, r.units), num(r.skill, 3)]));
  }

  function cashflow(parent, cf, title) {
    if (!cf || !cf.year) return;
    const cols = Object.keys(cf).filter((c) => c !== "year");
    const order = ["bill_without_storage", "bill_with_storage", "saving", "revenue", "lost_compute", "capex", "replacement", "om", "net", "discounted", "soh_end"].filter((c) => cols.includes(c));
    const years = cf.year.values;
    section(parent, title, "One row a year (year 0: the investment); EUR unless stated. Waterfall: each year's discounted net cash flow, building up to the NPV.");
    let cum = 0;
    const base = [], up = [], down = [];
    for (const d of cf.discounted.values) {
      const next = cum + d;
      base.push(Math.min(cum, next)); up.push(d >= 0 ? d : 0); down.push(d < 0 ? -d : 0); cum = next;
    }
    const cats = years.map((y) => "year " + y).concat(["NPV"]);
    base.push(Math.min(0, cum)); up.push(cum >= 0 ? cum : 0); down.push(cum < 0 ? -cum : 0);
    chart(parent, {
      tooltip: { trigger: "axis", formatter: (ps) => { const i = ps[0].dataIndex;
        return i < years.length ? `year ${years[i]}: ${eur(cf.discounted.values[i])} discounted (${eur(cf.net.values[i])} net)` : `NPV ${eur(cum)}`; } },
      grid: { left: 80, right: 20, top: 20, bottom: 40 },
      xAxis: { type: "category", data: cats }, yAxis: { type: "value", name: "EUR" },
      series: [
        { type: "bar", stack: "w", stackStrategy: "all", itemStyle: { color: "transparent" }, silent: true, data: base },
        { name: "in", type: "bar", stack: "w", stackStrategy: "all", color: "#2e8b57", data: up },
        { name: "out", type: "bar", stack: "w", stackStrategy: "all", color: "#c62828", data: down }] });
    table(parent, ["year"].concat(order.map((c) => c.replaceAll("_", " ") + (cf[c].units && cf[c].units !== "EUR" ? ` (${cf[c].units})` : ""))),
      years.map((y, i) => [String(y)].concat(order.map((c) => (c === "soh_end" ? pct(cf[c].values[i], 2) : num(cf[c].values[i], 0))))));
  }

  function runReport() {
    main.append(h("p", { class: "note" }, `${data.sites.length} site(s); output every ${num(data.interval_s / 60, 2)} min.`));
    for (const s of data.sites) {
      const ser = s.series;  // bucket starts on the output grid
      ser.t_ms = Array.from({ length: ser.buckets }, (_, i) => ser.t0_ms + i * ser.step_ms);
      const sec = h("section", { id: "site-" + s.id });
      main.append(sec);
      sec.append(h("h2", {}, "Site " + s.id));
      cards(sec, s.headline);
      const missing = ["economics.npv", "lost_node_hours"].filter((k) => !s.summary[k]);
      if (missing.length) sec.append(h("p", { class: "note" }, "Not in this file: " + missing.join(", ") +
        (missing.includes("economics.npv") ? " (no economics: block in the scenario)." : ".")));
      monthlyBill(sec, s);
      powerWeek(sec, s);
      stateOfCharge(sec, s);
      durationAndPeaks(sec, s);
      events(sec, s);
      decisions(sec, s);
      forecasts(sec, s);
      cashflow(sec, s.cashflow, "Cash flows over the storage's life");
    }
  }

  // --- sizing reports ------------------------------------------------------------
  function sizingReport() {
    const c = data.configurations, n = c.capacity.values.length;
    const v = (col, i) => (c[col] ? c[col].values[i] : null);
    const ok = [...Array(n).keys()].filter((i) => v("ok", i) === 1);
    const label = (i) => `${num(v("capacity", i), 1)} kWh / ${num(v("power", i), 1)} kW`;
    const best = data.npv_optimum, safe = data.resilience_choice;
    main.append(h("h2", {}, "The answer"));
    cards(main, data.headline);
    main.append(h("p", { class: "note" }, `${n} configurations, ${ok.length} ran. NPV optimum: ` +
      (best >= 0 ? label(best) : "none") + "; cheapest meeting the resilience target: " + (safe >= 0 ? label(safe) : "none") + "."));
    if (!ok.length) return;

    const caps = [...new Set(ok.map((i) => v("capacity", i)))].sort((a, b) => a - b);
    const pows = [...new Set(ok.map((i) => v("power", i)))].sort((a, b) => a - b);
    const npvs = ok.map((i) => v("npv_p50", i)).filter((x) => x !== null);
    if (!npvs.length) npvs.push(0);
    main.append(h("h2", {}, "NPV over capacity and power"));
    section(main, "Median NPV (P50 over the seeds) of each configuration", "Refined configurations appear as extra rows and columns; the pin marks the optimum.");
    chart(main, {
      tooltip: { formatter: (p) => p.seriesType === "heatmap" ? `${num(caps[p.data[1]], 1)} kWh / ${num(pows[p.data[0]], 1)} kW<br>NPV P50 ${eur(p.data[2])}` : "NPV optimum" },
      grid: { left: 90, right: 110, top: 20, bottom: 50 },
      xAxis: { type: "category", name: "kW", data: pows.map((x) => num(x, 1)) },
      yAxis: { type: "category", name: "kWh", data: caps.map((x) => num(x, 1)) },
      visualMap: { min: Math.min(...npvs), max: Math.max(...npvs), calculable: true, orient: "vertical", right: 10, top: 20,
                   inRange: { color: ["#c62828", "#f2cc8f", "#2e8b57"] }, formatter: (x) => num(x, 0) },
      series: [
        { type: "heatmap", label: { show: caps.length * pows.length <= 120, formatter: (p) => (p.data[2] === null ? "—" : num(p.data[2] / 1000, 1) + "k") },
          data: ok.map((i) => [pows.indexOf(v("power", i)), caps.indexOf(v("capacity", i)), v("npv_p50", i)]) },
        { type: "scatter", symbol: "pin", symbolSize: 28, color: "#1d2733",
          data: best >= 0 ? [[pows.indexOf(v("power", best)), caps.indexOf(v("capacity", best))]] : [] }] }, true);

    main.append(h("h2", {}, "NPV against lost compute"));
    section(main, "Pareto front: median NPV against node-hours lost over the life (worst seed)", "Front: no other configuration has both a higher NPV and fewer lost node-hours.");
    const front = ok.filter((i) => v("pareto", i) === 1).sort((a, b) => v("lost_node_hours", a) - v("lost_node_hours", b));
    const pt = (i) => [v("lost_node_hours", i), v("npv_p50", i), label(i)];
    chart(main, {
      legend: { top: 0 }, tooltip: { trigger: "item", formatter: (p) => `${p.data[2]}<br>NPV P50 ${eur(p.data[1])}<br>lost ${num(p.data[0], 1)} node-h` },
      grid: { left: 80, right: 30, top: 40, bottom: 40 },
      xAxis: { type: "value", name: "lost node-hours" }, yAxis: { type: "value", name: "EUR", scale: true },
      series: [
        { name: "configurations", type: "scatter", color: "#5fa8d3", data: ok.map(pt) },
        { name: "Pareto front", type: "line", color: "#0b6e99", data: front.map(pt) },
        { name: "NPV optimum", type: "scatter", symbol: "diamond", symbolSize: 16, color: "#2e8b57", data: best >= 0 ? [pt(best)] : [] },
        { name: "resilience choice", type: "scatter", symbol: "triangle", symbolSize: 16, color: "#d4572a", data: safe >= 0 ? [pt(safe)] : [] }] });

    main.append(h("h2", {}, "Uncertainty and ageing per configuration"));
    const byCapex = ok.slice().sort((a, b) => v("capex", a) - v("capex", b) || v("capacity", a) - v("capacity", b));
    section(main, "NPV P10–P90 over the seeds (fan) and P50, configurations by investment", "");
    chart(main, {
      legend: { top: 0, data: ["P10–P90", "P50"] }, tooltip: { trigger: "axis", formatter: (ps) => { const i = byCapex[ps[0].dataIndex];
        return `${label(i)}, investment ${eur(v("capex", i))}<br>P10 ${eur(v("npv_p10", i))} · P50 ${eur(v("npv_p50", i))} · P90 ${eur(v("npv_p90", i))}`; } },
      grid: { left: 80, right: 20, top: 40, bottom: 90 },
      xAxis: { type: "category", data: byCapex.map(label), axisLabel: { rotate: 40, fontSize: 10 } }, yAxis: { type: "value", name: "EUR", scale: true },
      series: [
        { name: "P10–P90", type: "line", stack: "fan", stackStrategy: "all", symbol: "none", lineStyle: { opacity: 0 }, data: byCapex.map((i) => v("npv_p10", i)) },
        { name: "P10–P90", type: "line", stack: "fan", stackStrategy: "all", symbol: "none", lineStyle: { opacity: 0 },
          areaStyle: { color: "#0b6e99", opacity: 0.25 },
          data: byCapex.map((i) => (v("npv_p90", i) === null || v("npv_p10", i) === null ? null : v("npv_p90", i) - v("npv_p10", i))) },
        { name: "P50", type: "line", color: "#0b6e99", data: byCapex.map((i) => v("npv_p50", i)) }] });
    section(main, "End of life and state of health at the life's end", "Bars: first year ending at end of life (earliest seed; none: not within the life). Line: SoH at the life's end.");
    chart(main, {
      legend: { top: 0 }, tooltip: { trigger: "axis" },
      grid: { left: 60, right: 60, top: 40, bottom: 90 },
      xAxis: { type: "category", data: byCapex.map(label), axisLabel: { rotate: 40, fontSize: 10 } },
      yAxis: [{ type: "value", name: "year" }, { type: "value", name: "SoH %", min: 0, max: 100 }],
      series: [
        { name: "end of life (year)", type: "bar", color: "#d4572a", data: byCapex.map((i) => v("end_of_life_year", i)) },
        { name: "SoH at the end", type: "line", yAxisIndex: 1, color: "#2e8b57",
          data: byCapex.map((i) => (v("final_soh", i) === null ? null : v("final_soh", i) * 100)) }] });

    if (data.cashflow) { main.append(h("h2", {}, "Cash flows of the NPV optimum")); cashflow(main, data.cashflow, `${label(best)}, first seed`); }

    main.append(h("h2", {}, "Every configuration"));
    const cols = ["capacity", "power", "nameplate", "capex", "npv_p10", "npv_p50", "npv_p90", "irr", "discounted_payback", "end_of_life_year", "final_soh", "lost_node_hours"].filter((x) => c[x]);
    table(main, ["#"].concat(cols.map((x) => x.replaceAll("_", " ") + (c[x].units ? ` (${c[x].units})` : ""))).concat(["note"]),
      [...Array(n).keys()].map((i) => [String(i)].concat(cols.map((x) => (x === "irr" || x === "final_soh" ? pct(v(x, i), 2) : num(v(x, i), 1))))
        .concat([[i === best ? "NPV optimum" : "", i === safe ? "resilience choice" : "", v("pareto", i) === 1 ? "Pareto" : "", v("refined", i) === 1 ? "refined" : "",
                  c.error ? c.error.values[i] : ""].filter(Boolean).join(", ")])),
      (k) => k === best || k === safe);
  }

  if (m.kind === "sizing") sizingReport(); else runReport();
  if (data.run_events && data.run_events.total) {  // events of the run itself, not of a site
    main.append(h("h2", {}, "Events of the run"));
    table(main, ["time", "kind", "value", "message"], data.run_events.shown.map((e) => [date(e[0]), e[1], num(e[2], 3), e[3]]));
  }
  provenance();
  window.addEventListener("resize", () => charts.forEach((c) => c.chart && c.chart.resize()));
  window.addEventListener("beforeprint", () => {
    while (pending.length) draw(pending[0]);
    charts.forEach((c) => c.chart.resize());
  });

  // For the browser test: every chart's size and marks, the errors seen, and when the
  // first screen and the whole page were drawn (ms after navigation).
  function finish(firstScreen) {
    const check = charts.map((c) => {
      const r = c.div.getBoundingClientRect();
      const svg = c.div.querySelector("svg");
      const points = (c.chart.getOption().series || []).reduce((a, s) => a + (Array.isArray(s.data) ? s.data.filter((d) => d !== null).length : 0), 0);
      return { id: c.div.id, width: r.width, height: r.height, paths: svg ? svg.querySelectorAll("path").length : 0, points,
               ms: Math.round(c.ms) };
    });
    document.body.setAttribute("data-wf-check", JSON.stringify({ charts: check, errors: window.wfErrors,
      script_started_ms: started, data_parsed_ms: parsed, first_screen_ms: firstScreen, drawn_ms: performance.now() }));
  }
  for (const job of pending.filter((j) => j.div.getBoundingClientRect().top < window.innerHeight)) draw(job);
  const firstScreen = performance.now();
  performance.mark("wattfleet: first screen drawn");  // shown in the browser's performance tools
  (function next() {
    if (!pending.length) {
      performance.mark("wattfleet: page drawn");
      return finish(firstScreen);
    }
    draw(pending[0]);
    setTimeout(next, 0);
  })();
})();
