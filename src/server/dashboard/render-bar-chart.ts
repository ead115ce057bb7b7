import { html, type SafeHtml } from "./html.js";

/** A bar chart's data: one value per category in each series; series stack. */
export interface BarChartData {
  readonly id: string;
  readonly title: string;
  readonly categories: readonly string[];
  readonly series: readonly { readonly name: string; readonly values: readonly number[] }[];
  /** Show every n-th category label (24 hourly bars do not all fit a phone). */
  readonly labelEvery?: number;
  /** Word after a value in tooltips: `jobs`. */
  readonly unit: string;
}

const WIDTH = 560;
const HEIGHT = 220;
const MARGIN = { top: 14, right: 8, bottom: 34, left: 34 };

/** A value axis top that reads well: 1, 2, 5 × 10^n at or above `max`. */
export function niceCeiling(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return ([1, 2, 5, 10].map((step) => step * power).find((top) => top >= max) ?? 10 * power);
}

/**
 * Stacked bars as inline SVG (no script, no external style: the page's CSS colours `.series-N`
 * for light and dark). Each bar has a `<title>` tooltip; the chart is one labelled image.
 */
export function renderBarChart(data: BarChartData): SafeHtml {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const totals = data.categories.map((_, index) => data.series.reduce((sum, series) => sum + (series.values[index] ?? 0), 0));
  const top = niceCeiling(Math.max(0, ...totals));
  const band = plotWidth / Math.max(1, data.categories.length);
  const y = (value: number): number => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const every = data.labelEvery ?? 1;
  const bars = data.categories.map((category, index) => {
    let base = 0;
    const x = MARGIN.left + index * band + band * 0.15;
    const rects = data.series.map((series, seriesIndex) => {
      const value = series.values[index] ?? 0;
      if (value === 0) return null;
      const rect = html`<rect class="series-${seriesIndex}" x="${x.toFixed(1)}" y="${y(base + value).toFixed(1)}" width="${(band * 0.7).toFixed(1)}" height="${(y(base) - y(base + value)).toFixed(1)}"><title>${category}: ${value} ${data.unit}${data.series.length > 1 ? ` (${series.name})` : ""}</title></rect>`;
      base += value;
      return rect;
    });
    const label = index % every === 0 ? html`<text class="axis-label" x="${(x + band * 0.35).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${category}</text>` : null;
    return html`${rects}${label}`;
  });
  const ticks = [0, top / 2, top].map((value) => html`<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}"/><text class="axis-label" x="${MARGIN.left - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end">${Number.isInteger(value) ? value : value.toFixed(1)}</text>`);
  const total = totals.reduce((sum, value) => sum + value, 0);
  return html`<svg class="chart" id="${data.id}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${data.id}-title ${data.id}-desc" preserveAspectRatio="xMidYMid meet"><title id="${data.id}-title">${data.title}</title><desc id="${data.id}-desc">${total} ${data.unit} in ${data.categories.length} bars</desc>${ticks}${bars}</svg>`;
}
