// The transcript synced with the audio: the line being spoken is highlighted and kept in view, a tap on a line
// plays from its start, search marks and steps through matching lines, and the speed is 1×, 1.5× or 2×.

import { clock } from './charts.js';

const SPEEDS = [1, 1.5, 2];
const FOLLOW_PAUSE_MS = 5000; // after the user scrolls, the highlighted line is not pulled into view for this long

export class Player {
  constructor(audio, list, segments, speakers) {
    this.audio = audio;
    this.list = list;
    this.segments = segments;
    this.names = new Map(speakers.map((s) => [s.label, s]));
    this.rows = [];
    this.current = -1;
    this.userScrolledAt = 0;
    this.matches = [];
    this.found = -1;
  }

  render(unknownName) {
    this.rows = this.segments.map((segment, index) => {
      const speaker = this.names.get(segment.speaker);
      const row = document.createElement('li');
      row.className = 'line';
      row.dataset.index = String(index);
      row.dataset.start = String(segment.start);
      if (speaker) row.style.setProperty('--speaker', speaker.color);
      const who = document.createElement('span');
      who.className = 'who';
      who.textContent = speaker ? speaker.name : unknownName;
      const time = document.createElement('span');
      time.className = 'time';
      time.textContent = clock(segment.start);
      const text = document.createElement('p');
      text.textContent = segment.text;
      row.append(who, time, text);
      row.addEventListener('click', () => this.playFrom(segment.start));
      return row;
    });
    this.list.replaceChildren(...this.rows);
    this.audio.addEventListener('timeupdate', () => this.sync());
    this.audio.addEventListener('seeked', () => this.sync());
    for (const kind of ['wheel', 'touchmove']) {
      window.addEventListener(kind, () => { this.userScrolledAt = Date.now(); }, { passive: true });
    }
  }

  // Seek to `seconds` and play (a tap is a user gesture: playback may start).
  playFrom(seconds) {
    this.audio.currentTime = seconds;
    this.userScrolledAt = 0;
    this.sync(seconds);
    const playing = this.audio.play();
    if (playing && playing.catch) playing.catch(() => {});
  }

  indexAt(t) {
    let low = 0;
    let high = this.segments.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (this.segments[mid].start <= t + 0.05) { found = mid; low = mid + 1; } else { high = mid - 1; }
    }
    return found;
  }

  sync(at) {
    const index = this.indexAt(at === undefined ? this.audio.currentTime : at);
    if (index === this.current) return;
    if (this.current >= 0) this.rows[this.current].classList.remove('current');
    this.current = index;
    if (index < 0) return;
    const row = this.rows[index];
    row.classList.add('current');
    row.setAttribute('aria-current', 'true');
    if (Date.now() - this.userScrolledAt >= FOLLOW_PAUSE_MS) this.reveal();
  }

  // Bring the line being spoken into view (when the transcript is shown and it is not in view already).
  reveal() {
    const row = this.rows[this.current];
    if (!row || !this.list.offsetParent) return;
    const box = row.getBoundingClientRect();
    const top = document.getElementById('top').getBoundingClientRect().bottom;
    if (box.top < top || box.bottom > window.innerHeight) row.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }

  speedButtons(container, label) {
    container.setAttribute('aria-label', label);
    const buttons = SPEEDS.map((speed) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = `${speed}×`;
      button.dataset.speed = String(speed);
      button.setAttribute('aria-pressed', String(speed === 1));
      button.addEventListener('click', () => {
        this.audio.playbackRate = speed;
        this.audio.defaultPlaybackRate = speed;
        buttons.forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
      });
      return button;
    });
    container.replaceChildren(...buttons);
  }

  // Mark the lines containing `query` (case-insensitive) and return how many there are.
  search(query) {
    const needle = query.trim().toLocaleLowerCase();
    this.list.classList.toggle('searching', needle.length > 0);
    this.matches = [];
    this.found = -1;
    this.rows.forEach((row, index) => {
      const text = this.segments[index].text;
      const paragraph = row.querySelector('p');
      row.classList.remove('found');
      const at = needle ? text.toLocaleLowerCase().indexOf(needle) : -1;
      row.classList.toggle('match', at >= 0);
      if (at < 0) { paragraph.textContent = text; return; }
      this.matches.push(index);
      paragraph.replaceChildren(...highlighted(text, needle));
    });
    return this.matches.length;
  }

  // Scroll to the next (step 1) or previous (−1) match; returns its position among the matches (1-based).
  step(direction) {
    if (!this.matches.length) return 0;
    if (this.found >= 0) this.rows[this.matches[this.found]].classList.remove('found');
    this.found = (this.found + direction + this.matches.length) % this.matches.length;
    const row = this.rows[this.matches[this.found]];
    row.classList.add('found');
    this.userScrolledAt = Date.now();
    row.scrollIntoView({ block: 'center' });
    return this.found + 1;
  }
}

function highlighted(text, needle) {
  const parts = [];
  const lower = text.toLocaleLowerCase();
  let cursor = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, cursor)) {
    if (at > cursor) parts.push(document.createTextNode(text.slice(cursor, at)));
    const mark = document.createElement('mark');
    mark.textContent = text.slice(at, at + needle.length);
    parts.push(mark);
    cursor = at + needle.length;
  }
  if (cursor < text.length) parts.push(document.createTextNode(text.slice(cursor)));
  return parts;
}
