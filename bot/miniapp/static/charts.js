// Small SVG charts drawn here (no chart library, nothing from a CDN): bars of talk share, a who-spoke-when
// timeline, and lines of sentiment over time. Text goes in as text nodes, never as markup.

const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 340;

export function el(tag, attrs = {}, text = null) {
  const node = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== null) node.textContent = text;
  return node;
}

function canvas(container, height, label) {
  const svg = el('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': label });
  container.replaceChildren(svg);
  return svg;
}

export function clock(seconds) {
  const total = Math.max(0, Math.floor(seconds));
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

// rows: [{name, color, share}] → one bar per speaker with its percentage.
export function shareBars(container, rows, label) {
  const rowHeight = 24;
  const svg = canvas(container, rows.length * rowHeight + 4, label);
  const left = 100;
  rows.forEach((row, i) => {
    const y = i * rowHeight + 4;
    const width = Math.max(1, (WIDTH - left - 44) * row.share);
    svg.append(el('text', { x: 0, y: y + 13 }, row.name.length > 16 ? row.name.slice(0, 15) + '…' : row.name));
    svg.append(el('rect', { x: left, y, width, height: 16, rx: 3, fill: row.color, class: 'bar' }));
    svg.append(el('text', { x: left + width + 4, y: y + 13, class: 'hint' }, `${Math.round(row.share * 100)}%`));
  });
}

function timeAxis(svg, x0, x1, y, duration) {
  svg.append(el('line', { x1: x0, x2: x1, y1: y, y2: y, class: 'axis' }));
  const ticks = 4;
  for (let i = 0; i <= ticks; i += 1) {
    const x = x0 + ((x1 - x0) * i) / ticks;
    const anchor = i === 0 ? 'start' : i === ticks ? 'end' : 'middle';
    svg.append(el('text', { x, y: y + 12, 'text-anchor': anchor, class: 'hint' }, clock((duration * i) / ticks)));
  }
}

// speakers: [{label, name, color}], turns: [[label, start, end]] → one lane per speaker; a tap seeks.
export function timeline(container, speakers, turns, duration, label, onSeek) {
  const lane = 22;
  const left = 80;
  const height = speakers.length * lane + 20;
  const svg = canvas(container, height, label);
  const span = Math.max(duration, 1);
  const x = (t) => left + ((WIDTH - left - 4) * t) / span;
  const row = new Map(speakers.map((s, i) => [s.label, i]));
  speakers.forEach((s, i) => {
    svg.append(el('text', { x: 0, y: i * lane + 15 }, s.name.length > 12 ? s.name.slice(0, 11) + '…' : s.name));
    svg.append(el('line', { x1: left, x2: WIDTH - 4, y1: i * lane + 11, y2: i * lane + 11, class: 'grid' }));
  });
  for (const [who, start, end] of turns) {
    if (!row.has(who)) continue;
    const color = speakers[row.get(who)].color;
    svg.append(el('rect', { x: x(start), y: row.get(who) * lane + 3, width: Math.max(1, x(end) - x(start)),
                            height: 16, fill: color, class: 'turn', 'data-start': start }));
  }
  timeAxis(svg, left, WIDTH - 4, speakers.length * lane + 2, span);
  svg.addEventListener('click', (event) => {
    const box = svg.getBoundingClientRect();
    const at = ((event.clientX - box.left) / box.width) * WIDTH;
    if (at >= left) onSeek(((at - left) / (WIDTH - left - 4)) * span);
  });
}

// series: [{name, color, points: [{start, end, score}]}] → a line per speaker from −1 to +1 over the call.
export function sentimentLines(container, series, duration, labels) {
  const top = 8;
  const plot = 110;
  const left = 56;
  const svg = canvas(container, top + plot + 40 + series.length * 16, labels.title);
  const span = Math.max(duration, 1);
  const x = (t) => left + ((WIDTH - left - 4) * t) / span;
  const y = (score) => top + (plot * (1 - score)) / 2;
  svg.append(el('line', { x1: left, x2: WIDTH - 4, y1: y(0), y2: y(0), class: 'grid' }));
  svg.append(el('text', { x: 0, y: y(1) + 4, class: 'hint' }, `+1 ${labels.positive}`));
  svg.append(el('text', { x: 0, y: y(0) + 4, class: 'hint' }, '0'));
  svg.append(el('text', { x: 0, y: y(-1) + 4, class: 'hint' }, `−1 ${labels.negative}`));
  series.forEach((s, i) => {
    const points = s.points.map((p) => `${x((p.start + p.end) / 2).toFixed(1)},${y(p.score).toFixed(1)}`);
    if (points.length > 1) {
      svg.append(el('polyline', { points: points.join(' '), fill: 'none', stroke: s.color, 'stroke-width': 2,
                                  class: 'sentiment' }));
    }
    for (const point of points) {
      const [cx, cy] = point.split(',');
      svg.append(el('circle', { cx, cy, r: 2.5, fill: s.color, class: 'sentiment-point' }));
    }
    const legendY = top + plot + 30 + i * 16;
    svg.append(el('rect', { x: left, y: legendY - 9, width: 10, height: 10, fill: s.color }));
    svg.append(el('text', { x: left + 14, y: legendY }, s.name));
  });
  timeAxis(svg, left, WIDTH - 4, top + plot + 4, span);
}
