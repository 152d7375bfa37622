// The timeline: events per day (or per week over long spans) stacked by type; brushing a range
// filters the map, the list and the network.
import { typeColor } from "./colors.js";
import { isRtl, t } from "./i18n.js";

const d3 = window.d3;
const HEIGHT = 120;
const MARGIN = { top: 8, right: 34, bottom: 22, left: 34 };
const parseDay = d3.utcParse("%Y-%m-%d");
const formatDay = d3.utcFormat("%Y-%m-%d");

export class Timeline {
  constructor(element, { onBrush }) {
    this.element = element;
    this.onBrush = onBrush;
    this.silent = false;
    this.range = null;
    this.svg = d3.select(element).append("svg").attr("class", "timeline-svg").attr("height", HEIGHT);
    this.bars = this.svg.append("g").attr("class", "bars");
    this.axis = this.svg.append("g").attr("class", "axis");
    this.yAxis = this.svg.append("g").attr("class", "axis y");
    this.brushG = this.svg.append("g").attr("class", "brush");
    new ResizeObserver(() => this.events && this.update(this.events)).observe(element);
  }

  update(events) {
    this.events = events;
    const width = Math.max(200, this.element.clientWidth);
    this.svg.attr("width", width);
    const days = events.map((e) => e.date && parseDay(e.date.slice(0, 10))).filter(Boolean);
    this.bars.selectAll("*").remove();
    if (!days.length) {
      this.x = null;
      this.brushG.selectAll("*").remove();
      return;
    }
    let [lo, hi] = d3.extent(days);
    const weekly = (hi - lo) / 864e5 > 120;
    const interval = weekly ? d3.utcMonday : d3.utcDay;
    document.getElementById("bucket").textContent = t(weekly ? "week" : "day");
    this.element.dataset.bucket = weekly ? "week" : "day";
    lo = interval.floor(lo);
    hi = interval.offset(interval.floor(hi), 1);
    const inner = [MARGIN.left, width - MARGIN.right];
    const x = d3.scaleUtc().domain([lo, hi]).range(isRtl() ? [inner[1], inner[0]] : inner);
    this.x = x;
    this.interval = interval;

    // bucket → type → count, stacked in a stable type order
    const types = [...new Set(events.map((e) => e.type))].sort();
    const buckets = d3.rollup(
      events.filter((e) => e.date),
      (v) => d3.rollup(v, (w) => w.length, (e) => e.type),
      (e) => +interval.floor(parseDay(e.date.slice(0, 10))),
    );
    const rows = [...buckets.entries()].map(([k, m]) => {
      const row = { key: k };
      for (const type of types) row[type] = m.get(type) || 0;
      return row;
    });
    const series = d3.stack().keys(types)(rows);
    const maxY = d3.max(rows, (r) => types.reduce((s, k) => s + r[k], 0)) || 1;
    const y = d3.scaleLinear().domain([0, maxY]).nice().range([HEIGHT - MARGIN.bottom, MARGIN.top]);
    const barWidth = (k) => Math.max(1, Math.abs(x(interval.offset(new Date(k), 1)) - x(new Date(k))) - 1);
    this.bars.selectAll("g").data(series).join("g")
      .attr("fill", (s) => typeColor(s.key))
      .attr("data-type", (s) => s.key)
      .selectAll("rect").data((s) => s).join("rect")
      .attr("class", "bar")
      .attr("x", (d) => Math.min(x(new Date(d.data.key)), x(interval.offset(new Date(d.data.key), 1))))
      .attr("width", (d) => barWidth(d.data.key))
      .attr("y", (d) => y(d[1]))
      .attr("height", (d) => Math.max(0, y(d[0]) - y(d[1])));
    this.axis.attr("transform", `translate(0,${HEIGHT - MARGIN.bottom})`)
      .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(width / 110))).tickSizeOuter(0));
    this.yAxis.attr("transform", `translate(${isRtl() ? width - MARGIN.right : MARGIN.left},0)`)
      .call((isRtl() ? d3.axisRight(y) : d3.axisLeft(y))
        .ticks(Math.min(3, maxY)).tickFormat(d3.format("d")).tickSizeOuter(0));

    this.brush = d3.brushX()
      .extent([[MARGIN.left, MARGIN.top], [width - MARGIN.right, HEIGHT - MARGIN.bottom]])
      .on("end", (event) => this._brushed(event));
    this.brushG.call(this.brush);
    this._showRange();
  }

  _brushed(event) {
    if (this.silent || !this.x) return;
    if (!event.selection) {
      this.range = null;
      this.onBrush(null);
      return;
    }
    const [a, b] = event.selection.map((px) => this.x.invert(px)).sort((p, q) => p - q);
    // snap to whole buckets so the selection matches the bars the analyst sees
    const from = this.interval.round(a);
    let to = this.interval.round(b);
    if (+to <= +from) to = this.interval.offset(from, 1);
    this.range = [formatDay(from), formatDay(new Date(+to - 864e5))];
    this.onBrush(this.range);
  }

  /** The x position (in the SVG) of the start of ``day``; for tests and keyboard-free checks. */
  pixel(day) {
    return this.x ? this.x(parseDay(day)) : null;
  }

  /** Show an externally chosen range (date picker, URL) as the brush, without echoing it back. */
  setRange(range) {
    this.range = range;
    this._showRange();
  }

  _showRange() {
    if (!this.x || !this.brush) return;
    this.silent = true;
    if (this.range && (this.range[0] || this.range[1])) {
      const [lo, hi] = this.x.domain();
      const a = this.range[0] ? parseDay(this.range[0]) : lo;
      const b = this.range[1] ? d3.utcDay.offset(parseDay(this.range[1]), 1) : hi;
      const px = [this.x(a), this.x(b)].sort((p, q) => p - q);
      this.brushG.call(this.brush.move, px);
    } else {
      this.brushG.call(this.brush.move, null);
    }
    this.silent = false;
  }
}

export { formatDay, parseDay };
