// The call page: reads the launch parameters Telegram gives the Mini App, loads the call with its initData and
// shows the transcript player, the summary and the analytics.

import { applyTheme, launchParams, onEvents, postEvent, themeOf } from './bridge.js';
import { fill, renderInsights, renderTalk } from './analytics.js';
import { clock } from './charts.js';
import { Player } from './player.js';

const launch = launchParams();
const initData = launch.get('tgWebAppData') || '';
// ?call=N from the private chat's button; in a group, the direct link's start parameter c<N>_<signature>
const startParam = (new URLSearchParams(initData).get('start_param') || '').match(/^c([0-9]+)_/);
const callId = new URLSearchParams(location.search).get('call') || (startParam ? startParam[1] : '0');
const $ = (id) => document.getElementById(id);
let data = null;
let player = null;
let relinkedAt = 0;

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(path) {
  const response = await fetch(path, { headers: { Authorization: `tma ${initData}` }, cache: 'no-store' });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body.message || `HTTP ${response.status}`);
  return body;
}

function seek(seconds) {
  if (player && data.audio) player.playFrom(seconds);
}

function showTab(name) {
  for (const tab of document.querySelectorAll('#tabs button')) {
    tab.setAttribute('aria-selected', String(tab.dataset.tab === name));
    $(`tab-${tab.dataset.tab}`).hidden = tab.dataset.tab !== name;
  }
  if (name === 'transcript' && player) player.reveal();
}

function summaryPart(part) {
  if (!('stamp' in part)) return document.createTextNode(part.text);
  const link = document.createElement('a');
  link.className = 'stamp';
  link.href = `#t=${part.stamp}`;
  link.dataset.seek = String(part.stamp);
  link.textContent = part.label;
  link.addEventListener('click', (event) => { event.preventDefault(); seek(part.stamp); });
  return link;
}

function renderSummary(blocks, texts) {
  const box = $('summary');
  if (!blocks) { box.textContent = texts.summary_none; return; }
  let list = null;
  const nodes = [];
  for (const block of blocks) {
    const parts = block.parts.map(summaryPart);
    if (block.kind === 'item') {
      if (!list) { list = document.createElement('ul'); nodes.push(list); }
      const item = document.createElement('li');
      item.append(...parts);
      list.append(item);
      continue;
    }
    list = null;
    const node = document.createElement(block.kind === 'heading' ? 'h3' : 'p');
    if (block.kind === 'note') node.className = 'note';
    node.append(...parts);
    nodes.push(node);
  }
  box.replaceChildren(...nodes);
}

// A link lives minutes; a page open longer asks for a new one and goes on where it was.
async function relink() {
  if (Date.now() - relinkedAt < 30000) return;
  relinkedAt = Date.now();
  const audio = $('audio');
  const at = audio.currentTime;
  const playing = !audio.paused;
  try {
    const fresh = await api(`api/calls/${encodeURIComponent(callId)}/audio-link`);
    if (!fresh.audio) return;
    audio.src = fresh.audio;
    audio.addEventListener('loadedmetadata', () => {
      audio.currentTime = at;
      if (playing) audio.play().catch(() => {});
    }, { once: true });
  } catch (error) {
    $('no-audio').textContent = data.texts.audio_expired;
    $('no-audio').hidden = false;
  }
}

function renderPlayer() {
  const { texts } = data;
  const audio = $('audio');
  player = new Player(audio, $('lines'), data.segments, data.speakers);
  player.render(texts.speaker || '');
  player.speedButtons($('speed'), texts.speed);
  if (data.audio) {
    audio.src = data.audio;
    audio.addEventListener('error', relink);
    $('player').hidden = false;
  } else {
    $('no-audio').textContent = texts.no_audio;
    $('no-audio').hidden = false;
  }
  const search = $('search');
  search.placeholder = texts.search_placeholder;
  const count = $('search-count');
  const show = (position, total) => {
    count.textContent = !search.value.trim() ? '' : total ? fill(texts.search_count, { n: position, total })
      : texts.search_none;
  };
  search.addEventListener('input', () => {
    const total = player.search(search.value);
    show(total ? player.step(1) : 0, total);
  });
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') show(player.step(event.shiftKey ? -1 : 1), player.matches.length);
  });
  $('search-next').addEventListener('click', () => show(player.step(1), player.matches.length));
  $('search-prev').addEventListener('click', () => show(player.step(-1), player.matches.length));
}

function render() {
  const { call, texts } = data;
  document.documentElement.lang = data.lang;
  document.title = call.title;
  $('title').textContent = call.title;
  $('meta').textContent = [call.date, call.duration ? clock(call.duration) : ''].filter(Boolean).join(' · ');
  for (const node of document.querySelectorAll('[data-text]')) node.textContent = texts[node.dataset.text];
  for (const tab of document.querySelectorAll('#tabs button')) {
    tab.textContent = texts[`tab_${tab.dataset.tab}`];
    tab.addEventListener('click', () => showTab(tab.dataset.tab));
  }
  renderPlayer();
  renderSummary(data.summary, texts);
  renderTalk(data, seek);
  $('tabs').hidden = false;
  showTab('transcript');
  $('status').textContent = '';
  document.body.dataset.ready = 'true';
}

async function loadInsights() {
  const status = $('insights-status');
  status.textContent = data.texts.insights_loading;
  try {
    renderInsights(await api(`api/calls/${encodeURIComponent(callId)}/insights`), data, seek);
    document.body.dataset.insights = 'true';
  } catch (error) {
    status.textContent = error.status ? error.message : data.texts.insights_failed;
  }
}

async function main() {
  applyTheme(themeOf(launch));
  onEvents((type, eventData) => { if (type === 'theme_changed') applyTheme(eventData?.theme_params); });
  postEvent('web_app_ready');
  postEvent('web_app_expand');
  try {
    data = await api(`api/calls/${encodeURIComponent(callId)}`);
  } catch (error) {
    $('status').textContent = error.message;
    document.body.dataset.error = String(error.status || 0);
    return;
  }
  render();
  await loadInsights();
}

main();
