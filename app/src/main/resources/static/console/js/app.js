// The console's shell: the API key form, the navigation, the message areas and a hash router
// (#/view/id?params) that renders one view module into <main>.
import {apiKey, ApiError, get} from './api.js';
import {replace, h} from './dom.js';
import * as conversations from './views/conversations.js';
import * as conversation from './views/conversation.js';
import * as recordings from './views/recordings.js';
import * as recording from './views/recording.js';
import * as composition from './views/composition.js';
import * as files from './views/files.js';
import * as schedules from './views/schedules.js';
import * as webhooks from './views/webhooks.js';

const $ = id => document.getElementById(id);
const main = $('main');
const errorArea = $('error');
const statusArea = $('status');

// [pattern, view, name of the nav entry to highlight]
const ROUTES = [
  [/^\/?$/, conversations.render, 'conversations'],
  [/^\/conversations$/, conversations.render, 'conversations'],
  [/^\/conversations\/([^/]+)$/, conversation.render, 'conversations'],
  [/^\/recordings$/, recordings.render, 'recordings'],
  [/^\/recordings\/([^/]+)$/, recording.render, 'recordings'],
  [/^\/compositions\/([^/]+)$/, composition.render, 'recordings'],
  [/^\/files$/, files.render, 'files'],
  [/^\/schedules$/, schedules.render, 'schedules'],
  [/^\/schedules\/([^/]+)$/, schedules.renderOne, 'schedules'],
  [/^\/webhooks$/, webhooks.render, 'webhooks'],
  [/^\/webhooks\/([^/]+)$/, webhooks.renderDeliveries, 'webhooks'],
];

let generation = 0;
let flash = null;

/** Shows an error: a problem+json's title and detail exactly as the server wrote them. */
function fail(err) {
  console.error(err);
  const problem = err instanceof ApiError ? err.problem : {title: 'Error', detail: String(err && err.message || err)};
  const status = err instanceof ApiError && err.status ? ' (' + err.status + ')' : '';
  replace(errorArea,
    h('strong', {class: 'problem-title'}, (problem.title || 'Error') + status),
    problem.detail ? [': ', h('span', {class: 'problem-detail'}, problem.detail)] : null,
    err instanceof ApiError && err.authentication
      ? h('span', {class: 'hint'}, ' The API key was refused: paste a valid key above.') : null);
  errorArea.hidden = false;
  if (err instanceof ApiError && err.authentication) {
    $('api-key').focus();
  }
}

function notify(message) {
  replace(statusArea, message);
}

function clearMessages() {
  errorArea.hidden = true;
  replace(errorArea);
  replace(statusArea);
}

/** Navigates to a hash route (#/...), with a message to show there. */
function go(hash, message) {
  flash = message || null;
  if (location.hash === hash) {
    route();
  } else {
    location.hash = hash;
  }
}

async function route() {
  const mine = ++generation;
  clearMessages();
  if (flash) {
    notify(flash);
    flash = null;
  }
  const raw = location.hash.replace(/^#/, '');
  const [path, search] = raw.split('?');
  const params = new URLSearchParams(search || '');
  const ctx = {
    main, fail, notify, go, params,
    /** False once the operator went elsewhere: stop polling, drop late answers. */
    alive: () => mine === generation,
    /** Calls fn every `ms` while this view is shown, until it returns true. */
    poll(fn, ms) {
      const tick = async () => {
        if (!ctx.alive()) {
          return;
        }
        let done = false;
        try {
          done = await fn();
        } catch (e) {
          if (ctx.alive()) {
            fail(e);
          }
        }
        if (!done && ctx.alive()) {
          setTimeout(tick, ms);
        }
      };
      setTimeout(tick, ms);
    },
  };
  for (const [pattern, view, nav] of ROUTES) {
    const m = pattern.exec(path || '/');
    if (m) {
      for (const a of document.querySelectorAll('#nav a')) {
        if (a.dataset.view === nav) {
          a.setAttribute('aria-current', 'page');
        } else {
          a.removeAttribute('aria-current');
        }
      }
      replace(main, h('p', {class: 'loading'}, 'Loading...'));
      try {
        await view(ctx, ...m.slice(1).map(decodeURIComponent));
      } catch (e) {
        if (ctx.alive()) {
          replace(main);
          fail(e);
        }
      }
      main.setAttribute('data-ready', String(mine));
      return;
    }
  }
  replace(main, h('h2', {}, 'Not found'), h('p', {}, 'No such page: ' + raw));
}

function showKeyState() {
  const key = apiKey.get();
  replace($('key-state'), key ? 'A key is set for this tab.' : 'No key: paste one to use the console.');
  $('forget-key').disabled = !key;
}

$('key-form').addEventListener('submit', async e => {
  e.preventDefault();
  const input = $('api-key');
  const key = input.value.trim();
  if (!key) {
    input.focus();
    return;
  }
  apiKey.set(key);
  input.value = '';
  showKeyState();
  clearMessages();
  try {
    await get('/conversations?limit=1');
    notify('API key accepted.');
    route().then(() => notify('API key accepted.'));
  } catch (err) {
    fail(err);
  }
});

$('forget-key').addEventListener('click', () => {
  apiKey.clear();
  showKeyState();
  notify('API key forgotten.');
});

window.addEventListener('hashchange', route);
showKeyState();
if (apiKey.get()) {
  route();
} else {
  replace(main, h('p', {}, 'Paste an API key above to start.'));
  $('api-key').focus();
}
