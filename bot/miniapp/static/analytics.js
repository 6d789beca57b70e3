// The analytics tab: talk share, who spoke when, the per-speaker table, then chapters and sentiment (fetched
// separately: a language model may take a while), each with a note on how it was computed.

import { clock, sentimentLines, shareBars, timeline } from './charts.js';

export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

function cell(text, numeric = false) {
  const td = document.createElement('td');
  td.textContent = text;
  if (numeric) td.className = 'num';
  return td;
}

function speakerTable(container, stats, speakers, texts) {
  const byLabel = new Map(speakers.map((s) => [s.label, s]));
  const table = document.createElement('table');
  const head = document.createElement('tr');
  head.append(document.createElement('th'));
  const rows = [
    [texts.stat_talk, (s) => clock(s.talk_s)],
    [texts.stat_share, (s) => `${Math.round(s.share * 100)}%`],
    [texts.stat_talk_listen, (s) => (s.talk_listen === null ? '—' : s.talk_listen.toFixed(2))],
    [texts.stat_monologue, (s) => `${clock(s.longest_monologue_s)} @ ${clock(s.longest_monologue_at)}`],
    [texts.stat_wpm, (s) => String(Math.round(s.words_per_minute))],
    [texts.stat_questions, (s) => String(s.questions)],
    [texts.stat_interruptions, (s) => String(s.interruptions)],
    [texts.stat_interrupted, (s) => String(s.interrupted)],
  ];
  for (const s of stats.speakers) {
    const th = document.createElement('th');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.setProperty('--speaker', byLabel.get(s.label)?.color || 'gray');
    th.append(swatch, document.createTextNode(byLabel.get(s.label)?.name || s.label));
    head.append(th);
  }
  table.append(head);
  for (const [name, value] of rows) {
    const tr = document.createElement('tr');
    tr.dataset.stat = name;
    tr.append(cell(name));
    for (const s of stats.speakers) tr.append(cell(value(s), true));
    table.append(tr);
  }
  container.replaceChildren(table);
}

export function renderTalk(data, seek) {
  const { stats, speakers, texts } = data;
  const byLabel = new Map(speakers.map((s) => [s.label, s]));
  const rows = stats.speakers.map((s) => ({ name: byLabel.get(s.label)?.name || s.label,
                                            color: byLabel.get(s.label)?.color || 'gray', share: s.share }));
  shareBars(document.getElementById('chart-share'), rows, texts.talk_share);
  const lanes = stats.speakers.map((s) => byLabel.get(s.label) || { label: s.label, name: s.label, color: 'gray' });
  timeline(document.getElementById('chart-timeline'), lanes, stats.turns, stats.duration, texts.timeline, seek);
  speakerTable(document.getElementById('speaker-stats'), stats, speakers, texts);
  document.getElementById('how-talk').textContent = fill(texts.how_talk, { gap: stats.interruption_gap_s });
}

export function renderInsights(insights, data, seek) {
  const { texts, speakers, stats } = data;
  const byLabel = new Map(speakers.map((s) => [s.label, s]));
  const byModel = insights.method === 'model';
  const status = document.getElementById('insights-status');
  status.textContent = insights.failure ? fill(texts.model_failed, { reason: insights.failure }) : '';
  const list = document.getElementById('chapters');
  list.replaceChildren(...insights.chapters.map((chapter) => {
    const item = document.createElement('li');
    const time = document.createElement('span');
    time.className = 'time';
    time.textContent = `${clock(chapter.start)}–${clock(chapter.end)}`;
    item.append(time, document.createTextNode(chapter.title));
    item.addEventListener('click', () => seek(chapter.start));
    return item;
  }));
  const model = { model: insights.model || '' };
  document.getElementById('how-chapters').textContent =
    byModel ? fill(texts.how_chapters_model, model) : texts.how_chapters_offline;
  document.getElementById('how-sentiment').textContent =
    byModel ? fill(texts.how_sentiment_model, model) : texts.how_sentiment_offline;
  const series = stats.speakers.map((s) => ({
    name: byLabel.get(s.label)?.name || s.label, color: byLabel.get(s.label)?.color || 'gray',
    points: insights.sentiment.filter((p) => p.speaker === s.label),
  })).filter((s) => s.points.length);
  sentimentLines(document.getElementById('chart-sentiment'), series, stats.duration,
                 { title: texts.sentiment, positive: texts.positive, negative: texts.negative });
}
