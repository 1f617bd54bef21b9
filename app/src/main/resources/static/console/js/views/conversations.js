// Conversations: one page of the application's conversations (newest first) and the form that
// creates (plans) one, with an optional recorded window and the compositions its recordings get.
import {get, post, query, seg} from '../api.js';
import {h, table, field, select, link, button, time, pager, formValues, isoFromLocal, intOrUndefined, replace}
  from '../dom.js';

const LAYOUTS = ['grid', 'active_speaker', 'presentation'];
const FORMATS = ['mp4', 'webm', 'webm_vp9'];

export async function render(ctx) {
  const offset = Number(ctx.params.get('offset') || 0);
  const page = await get('/conversations' + query({offset, limit: 20}));
  if (!ctx.alive()) {
    return;
  }
  const list = table([
    {title: 'Title', cell: c => link('#/conversations/' + seg(c.id), c.title || c.id)},
    {title: 'Id', cell: c => h('code', {}, c.id)},
    {title: 'Status', cell: c => h('span', {class: 'badge ' + c.status}, c.status)},
    {title: 'Planned', cell: c => c.plannedStart ? [time(c.plannedStart), ' - ', time(c.plannedEnd)] : ''},
    {title: 'Auto-record', cell: c => c.record ? 'yes' : 'no'},
    {title: 'Created', cell: c => time(c.createdAt)},
  ], page.items, 'No conversations yet.', {id: 'conversation-list'});
  replace(ctx.main,
    h('h2', {}, 'Conversations'),
    list,
    pager(page, o => ctx.go('#/conversations?offset=' + o)),
    createForm(ctx));
}

function compositionRow() {
  const row = h('div', {class: 'actions composition-row'},
    field('Layout', select('layout', LAYOUTS, 'grid')),
    field('Format', select('format', FORMATS, 'mp4')),
    field('Width', h('input', {name: 'width', type: 'number', min: 16, max: 3840, step: 2, value: '1280'})),
    field('Height', h('input', {name: 'height', type: 'number', min: 16, max: 2160, step: 2, value: '720'})),
    field('FPS', h('input', {name: 'fps', type: 'number', min: 1, max: 60, value: '30'})),
    button('Remove', () => row.remove(), {class: 'secondary'}));
  return row;
}

function createForm(ctx) {
  const rows = h('div', {id: 'composition-rows'});
  const form = h('form', {class: 'stack', id: 'create-conversation'},
    field('Title', h('input', {name: 'title', required: true, maxlength: 200})),
    field('Id (optional)', h('input', {name: 'id', pattern: '[A-Za-z0-9_-]{1,64}'}), 'generated when empty'),
    field('Planned start', h('input', {name: 'plannedStart', type: 'datetime-local'})),
    field('Planned end', h('input', {name: 'plannedEnd', type: 'datetime-local'})),
    h('label', {class: 'check'}, h('input', {type: 'checkbox', name: 'record'}),
      'Record the planned window automatically'),
    h('fieldset', {},
      h('legend', {}, 'Compositions of each recording'),
      h('label', {class: 'check'}, h('input', {type: 'checkbox', name: 'defaultCompositions', checked: true}),
        'Default (one grid MP4, 1280x720, 30 fps)'),
      rows,
      button('Add a composition', () => rows.appendChild(compositionRow()), {class: 'secondary'}),
      h('small', {class: 'hint'}, ' Untick the default and add none for per-track files only.')),
    h('div', {class: 'actions'}, h('button', {type: 'submit'}, 'Create conversation')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const v = formValues(form);
    const body = {title: v.title};
    if (v.id) {
      body.id = v.id;
    }
    body.plannedStart = isoFromLocal(v.plannedStart);
    body.plannedEnd = isoFromLocal(v.plannedEnd);
    if (v.record) {
      body.options = {record: true};
    }
    const compositions = [...rows.querySelectorAll('.composition-row')].map(r => ({
      layout: r.querySelector('[name=layout]').value,
      format: r.querySelector('[name=format]').value,
      width: intOrUndefined(r.querySelector('[name=width]').value),
      height: intOrUndefined(r.querySelector('[name=height]').value),
      fps: intOrUndefined(r.querySelector('[name=fps]').value),
    }));
    if (!v.defaultCompositions || compositions.length > 0) {
      body.compositions = compositions;
    }
    try {
      const c = await post('/conversations', body);
      ctx.go('#/conversations/' + seg(c.id), 'Conversation ' + c.id + ' created.');
    } catch (err) {
      ctx.fail(err);
    }
  });
  return h('section', {class: 'panel'}, h('h3', {}, 'Create or plan a conversation'), form);
}
