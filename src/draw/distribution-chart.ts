// A small horizontal bar chart: each endpoint Pod's share of the requests a
// Service delivered, against the share the proxy mode should give it.

import { scaleLinear, select } from 'd3';
import 'd3-transition';

export interface ShareBar {
  key: string;
  label: string;
  /** observed share 0..1 */
  share: number;
  /** expected share 0..1 */
  expected: number;
  count: number;
}

export function drawDistribution(svgEl: SVGSVGElement, bars: readonly ShareBar[], width: number, colour: string, expectedLabel: string): void {
  const rowH = 20;
  const labelW = Math.min(150, width * 0.4);
  const height = Math.max(1, bars.length) * rowH + 18;
  const svg = select(svgEl).attr('width', width).attr('height', height);
  const x = scaleLinear().domain([0, Math.max(0.01, ...bars.map((b) => Math.max(b.share, b.expected)))]).range([0, width - labelW - 60]);
  const rows = svg
    .selectAll<SVGGElement, ShareBar>('g.bar')
    .data(bars, (d) => d.key)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'bar');
      g.append('text').attr('class', 'bar-label');
      g.append('rect').attr('class', 'bar-share').attr('height', rowH - 8).attr('width', 0);
      g.append('line').attr('class', 'bar-expected');
      g.append('text').attr('class', 'bar-value');
      return g;
    });
  rows.attr('transform', (_d, i) => `translate(0,${i * rowH})`);
  rows
    .select('.bar-label')
    .attr('x', labelW - 6)
    .attr('y', rowH / 2 + 4)
    .attr('text-anchor', 'end')
    .text((d) => shortLabel(d.label, Math.floor(labelW / 7.2)));
  const shareRects = rows.select<SVGRectElement>('.bar-share').attr('x', labelW).attr('y', 4).attr('fill', colour);
  if (typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches) shareRects.attr('width', (d) => x(d.share));
  else shareRects.transition().duration(300).attr('width', (d) => x(d.share));
  rows
    .select('.bar-expected')
    .attr('x1', (d) => labelW + x(d.expected))
    .attr('x2', (d) => labelW + x(d.expected))
    .attr('y1', 1)
    .attr('y2', rowH - 1);
  rows
    .select('.bar-value')
    .attr('x', (d) => labelW + Math.max(x(d.share), x(d.expected)) + 6)
    .attr('y', rowH / 2 + 4)
    .text((d) => `${Math.round(d.share * 100)}% (${d.count})`);
  const legend = svg.selectAll<SVGTextElement, string>('text.legend').data([expectedLabel]).join('text').attr('class', 'legend');
  legend.attr('x', labelW).attr('y', height - 4).text((d) => `| = ${d}`);
}

/** Keeps a generated name's random suffix visible: `my-app-…-9znlx`. */
function shortLabel(name: string, max: number): string {
  if (name.length <= max) return name;
  const suffix = name.slice(name.lastIndexOf('-'));
  return `${name.slice(0, Math.max(1, max - suffix.length - 1))}…${suffix}`;
}
