// The few parts of Telegram's Mini App interface this page needs, without loading Telegram's script from its
// CDN: the launch parameters Telegram puts in the URL's hash (initData, theme), events to the client
// (ready, expand) and events from it (theme changes).

const KEPT = 'callAssistantLaunch';

// Launch parameters: from the hash, or (after a reload inside Telegram) as kept for this tab.
export function launchParams() {
  const hash = location.hash.slice(1);
  const params = new URLSearchParams(hash);
  if (params.get('tgWebAppData')) {
    try { sessionStorage.setItem(KEPT, hash); } catch (e) { /* storage may be off */ }
    return params;
  }
  let kept = '';
  try { kept = sessionStorage.getItem(KEPT) || ''; } catch (e) { /* storage may be off */ }
  return new URLSearchParams(kept);
}

export function themeOf(params) {
  try { return JSON.parse(params.get('tgWebAppThemeParams') || '{}') || {}; } catch (e) { return {}; }
}

export function postEvent(type, data) {
  const proxy = window.TelegramWebviewProxy;
  if (proxy && typeof proxy.postEvent === 'function') {
    proxy.postEvent(type, data === undefined ? '' : JSON.stringify(data));
  } else if (window.external && 'notify' in window.external) {
    window.external.notify(JSON.stringify({ eventType: type, eventData: data }));
  } else if (window.parent !== window) {
    window.parent.postMessage(JSON.stringify({ eventType: type, eventData: data }), 'https://web.telegram.org');
  }
}

// Native clients call window.Telegram.WebView.receiveEvent; the web client posts messages to the frame.
export function onEvents(handler) {
  window.Telegram = window.Telegram || {};
  window.Telegram.WebView = Object.assign(window.Telegram.WebView || {}, {
    receiveEvent: (type, data) => handler(type, data),
  });
  window.addEventListener('message', (event) => {
    if (event.source !== window.parent) return;
    try {
      const message = JSON.parse(event.data);
      if (message && message.eventType) handler(message.eventType, message.eventData);
    } catch (e) { /* not ours */ }
  });
}

function luminance(hex) {
  const full = hex.length === 4 ? '#' + [...hex.slice(1)].map((c) => c + c).join('') : hex;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(full.slice(i, i + 2), 16) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

// Theme parameters become --tg-theme-* CSS variables (only well-formed colours are taken).
export function applyTheme(theme) {
  const root = document.documentElement;
  for (const [key, value] of Object.entries(theme || {})) {
    if (typeof value === 'string' && /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(value)) {
      root.style.setProperty('--tg-theme-' + key.replace(/_/g, '-'), value);
    }
  }
  if (typeof theme?.bg_color === 'string' && /^#[0-9a-f]{3,6}$/i.test(theme.bg_color)) {
    root.dataset.theme = luminance(theme.bg_color) < 0.5 ? 'dark' : 'light';
    root.style.colorScheme = root.dataset.theme;
  }
}
