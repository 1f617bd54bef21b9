// DOM helpers of the console. Every piece of data goes into the page as a text node or an
// attribute value set through the DOM, never through innerHTML, so nothing the API returns can
// become markup.

/**
 * Makes an element: h('a', {href: '#/x', class: 'btn', onclick: fn}, 'text', child).
 * Attributes are set with setAttribute (or as properties for value/checked/disabled); functions
 * named on* become event listeners; null/undefined/false attributes and children are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'value' || name === 'checked' || name === 'disabled' || name === 'selected') {
      el[name] = value;
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) {
      continue;
    }
    if (Array.isArray(c)) {
      append(el, c);
    } else if (c instanceof Node) {
      el.appendChild(c);
    } else {
      el.appendChild(document.createTextNode(String(c)));
    }
  }
}

/** Replaces the children of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * A table: columns are {title, cell(row) -> string | Node}; an empty list shows `empty`.
 */
export function table(columns, rows, empty = 'None.', attrs = {}) {
  if (!rows || rows.length === 0) {
    return h('p', {class: 'empty'}, empty);
  }
  return h('table', attrs,
    h('thead', {}, h('tr', {}, columns.map(c => h('th', {scope: 'col'}, c.title)))),
    h('tbody', {}, rows.map(r => h('tr', {}, columns.map(c => h('td', {}, c.cell(r)))))));
}

/** A label wrapping its control, so clicking the text focuses it and screen readers name it. */
export function field(label, control, hint) {
  return h('label', {class: 'field'}, h('span', {class: 'label'}, label), control,
    hint ? h('small', {class: 'hint'}, hint) : null);
}

export function select(name, options, value) {
  return h('select', {name}, options.map(o => h('option', {value: o, selected: o === value}, o)));
}

/** Definition list of [term, value] pairs (values may be nodes). */
export function facts(pairs) {
  return h('dl', {class: 'facts'}, pairs.filter(p => p[1] !== undefined && p[1] !== null && p[1] !== '')
    .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/**
 * A link to a route (#/...), a path of this server (/...) or an http(s) URL (a presigned one);
 * anything else (javascript:, data:) is shown as text, never made clickable.
 */
export function link(href, text, attrs = {}) {
  const safe = /^(#|\/(?!\/)|https?:\/\/)/i.test(String(href));
  return safe ? h('a', {...attrs, href}, text) : h('span', {}, text);
}

export function button(text, onclick, attrs = {}) {
  return h('button', {type: 'button', ...attrs, onclick}, text);
}

export function time(iso) {
  if (!iso) {
    return '';
  }
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : h('time', {datetime: iso, title: iso}, d.toLocaleString());
}

export function bytes(n) {
  if (n === null || n === undefined) {
    return '';
  }
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = Number(n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return (i === 0 ? String(v) : v.toFixed(1)) + ' ' + units[i];
}

/** h:mm:ss of the time between two instants (or until now when `to` is absent). */
export function duration(from, to) {
  if (!from) {
    return '';
  }
  const ms = (to ? new Date(to) : new Date()) - new Date(from);
  if (!(ms >= 0)) {
    return '';
  }
  const s = Math.round(ms / 1000);
  const pad = x => String(x).padStart(2, '0');
  return Math.floor(s / 3600) + ':' + pad(Math.floor(s / 60) % 60) + ':' + pad(s % 60);
}

/** The value of a datetime-local input as an ISO instant, or undefined when empty. */
export function isoFromLocal(value) {
  return value ? new Date(value).toISOString() : undefined;
}

/** Reads a form's named controls into an object of trimmed strings (checkboxes as booleans). */
export function formValues(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name) {
      continue;
    }
    if (el.type === 'checkbox') {
      if (el.dataset.group) {
        (out[el.dataset.group] ||= []);
        if (el.checked) {
          out[el.dataset.group].push(el.value);
        }
      } else {
        out[el.name] = el.checked;
      }
    } else if (el.type !== 'file') {
      out[el.name] = el.value.trim();
    }
  }
  return out;
}

/** An integer from a form value, or undefined when empty. */
export function intOrUndefined(v) {
  return v === '' || v === undefined ? undefined : Number.parseInt(v, 10);
}

/**
 * Asks for confirmation in a modal <dialog> (keyboard: Tab between the buttons, Escape cancels);
 * resolves true when confirmed.
 */
export function confirmDialog(message, confirmText = 'Delete') {
  return new Promise(resolve => {
    const dialog = h('dialog', {class: 'confirm', 'aria-labelledby': 'confirm-message'},
      h('p', {id: 'confirm-message'}, message),
      h('div', {class: 'actions'},
        button('Cancel', () => dialog.close('cancel'), {class: 'secondary', id: 'confirm-cancel'}),
        button(confirmText, () => dialog.close('confirm'), {class: 'danger', id: 'confirm-ok'})));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'confirm');
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    dialog.querySelector('#confirm-cancel').focus();
  });
}

/** A "Previous / Next" pager for a page {offset, limit, total}; go(offset) loads another page. */
export function pager(page, go) {
  const {offset, limit, total} = page;
  const last = Math.min(offset + limit, total);
  return h('nav', {class: 'pager', 'aria-label': 'pages'},
    button('Previous', () => go(Math.max(0, offset - limit)), {disabled: offset <= 0}),
    h('span', {class: 'range'}, total === 0 ? '0 of 0' : (offset + 1) + '-' + last + ' of ' + total),
    button('Next', () => go(offset + limit), {disabled: last >= total}));
}
