// One recording: status, duration, finalization, tracks and stored outputs (downloads checked
// against their SHA-256), live controls (pause/resume/stop) and re-composition requests.
import {get, post, seg} from '../api.js';
import {h, table, field, select, link, button, time, duration, bytes, facts, formValues, intOrUndefined, replace}
  from '../dom.js';
import {downloadButton} from './downloads.js';

const LAYOUTS = ['grid', 'active-speaker', 'presentation', 'single', 'custom'];
const FORMATS = ['mp4', 'webm', 'webm-vp9'];
const LIVE = ['recording', 'paused'];
const SETTLED = ['available', 'failed', 'purging'];

export async function render(ctx, id) {
  const path = '/recordings/' + seg(id);
  const [r, outputs, compositions] = await Promise.all([
    get(path),
    get(path + '/outputs'),
    get(path + '/compositions?limit=50'),
  ]);
  if (!ctx.alive()) {
    return;
  }
  replace(ctx.main,
    h('h2', {}, 'Recording ', h('code', {}, r.recordingId)),
    facts([
      ['Conversation', link('#/conversations/' + seg(r.conversationId), r.conversationId)],
      ['Status', h('span', {class: 'badge ' + r.status, id: 'recording-status'}, r.status)],
      ['Started', time(r.startedAt)],
      ['Stopped', time(r.stoppedAt)],
      ['Duration', duration(r.startedAt, r.stoppedAt) + (r.stoppedAt ? '' : ' (running)')],
      ['Finalization', r.finalization ? [r.finalization.status, r.finalization.step ? ' at ' + r.finalization.step : '',
        r.finalization.error ? ': ' + r.finalization.error : ''].join('') : ''],
    ]),
    controls(ctx, r),
    h('h3', {}, 'Tracks'),
    table([
      {title: 'Track', cell: t => h('code', {}, t.trackId)},
      {title: 'Participant', cell: t => t.participantId || ''},
      {title: 'Kind', cell: t => t.kind || ''},
      {title: 'Codec', cell: t => t.codec || ''},
      {title: 'File', cell: t => t.file ? bytes(t.file.size) : 'not stored yet'},
      {title: 'Presigned link', cell: t => t.file && t.file.url ? link(t.file.url, 'open', {rel: 'noreferrer'}) : ''},
    ], r.tracks, 'No tracks yet.'),
    h('h3', {}, 'Outputs'),
    table([
      {title: 'Output', cell: o => h('code', {}, o.outputId)},
      {title: 'Kind', cell: o => o.kind},
      {title: 'Participant', cell: o => o.participantId || ''},
      {title: 'Type', cell: o => o.contentType || ''},
      {title: 'Size', cell: o => bytes(o.size)},
      {title: 'SHA-256', cell: o => h('code', {}, o.sha256 || '')},
      {title: '', cell: o => downloadButton(ctx, path + '/outputs/' + seg(o.outputId) + '/content',
        fileName(r.recordingId, o), o.sha256, 'download-' + o.outputId)},
    ], outputs.items, SETTLED.includes(r.status) ? 'No stored outputs.' : 'Outputs appear once the recording is finalized.',
    {id: 'output-list'}),
    h('h3', {}, 'Compositions'),
    table([
      {title: 'Composition', cell: c => link('#/compositions/' + seg(c.compositionId), c.compositionId)},
      {title: 'Layout', cell: c => c.layout},
      {title: 'Format', cell: c => c.format},
      {title: 'Size', cell: c => c.width ? c.width + 'x' + c.height + ' @ ' + c.fps + ' fps' : ''},
      {title: 'Status', cell: c => h('span', {class: 'badge ' + c.status}, c.status)},
      {title: 'Progress', cell: c => Math.round((c.progress || 0) * 100) + '%'},
    ], compositions.items, 'None.', {id: 'composition-list'}),
    composeForm(ctx, r));
  if (!SETTLED.includes(r.status)) {
    // Follow the status (recording -> stopped -> processing -> available) without a reload.
    ctx.poll(async () => {
      const now = await get(path);
      if (now.status !== r.status) {
        ctx.go('#/recordings/' + seg(id) + '?t=' + Date.now());
        return true;
      }
      return false;
    }, 2000);
  }
}

function fileName(recordingId, o) {
  const ext = {'video/mp4': '.mp4', 'video/webm': '.webm', 'audio/ogg': '.ogg', 'audio/webm': '.webm'}[o.contentType]
    || '';
  return recordingId + '-' + o.outputId + ext;
}

function controls(ctx, r) {
  const act = action => async () => {
    try {
      const now = await post('/recordings/' + seg(r.recordingId) + '/' + action);
      ctx.go('#/recordings/' + seg(r.recordingId) + '?t=' + Date.now(), 'Recording ' + now.status + '.');
    } catch (err) {
      ctx.fail(err);
    }
  };
  if (!LIVE.includes(r.status)) {
    return null;
  }
  return h('div', {class: 'actions', id: 'recording-controls'},
    button('Pause', act('pause'), {disabled: r.status !== 'recording', id: 'pause-recording'}),
    button('Resume', act('resume'), {disabled: r.status !== 'paused', id: 'resume-recording'}),
    button('Stop', act('stop'), {class: 'danger', id: 'stop-recording'}));
}

function composeForm(ctx, r) {
  const template = h('textarea', {name: 'template', rows: 3, cols: 60,
    placeholder: '{"regions":[{"x":0,"y":0,"width":1,"height":1,"z":0,"fill":"speaker"}]}'});
  const form = h('form', {class: 'stack', id: 'compose-form'},
    field('Layout', select('layout', LAYOUTS, 'grid')),
    field('Format', select('format', FORMATS, 'mp4')),
    field('Width', h('input', {name: 'width', type: 'number', min: 16, max: 3840, step: 2, value: '1280'})),
    field('Height', h('input', {name: 'height', type: 'number', min: 16, max: 2160, step: 2, value: '720'})),
    field('FPS', h('input', {name: 'fps', type: 'number', min: 1, max: 60, value: '30'})),
    field('Participant (single layout)', h('input', {name: 'participantId'}), 'empty: the active speaker'),
    field('Template (custom layout, JSON)', template),
    h('div', {class: 'actions'}, h('button', {type: 'submit'}, 'Request composition')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const v = formValues(form);
    const body = {layout: v.layout, format: v.format, width: intOrUndefined(v.width),
      height: intOrUndefined(v.height), fps: intOrUndefined(v.fps)};
    if (v.participantId) {
      body.participantId = v.participantId;
    }
    if (v.template) {
      try {
        body.template = JSON.parse(v.template);
      } catch (err) {
        ctx.fail(new Error('the template is not JSON: ' + err.message));
        return;
      }
    }
    try {
      const c = await post('/recordings/' + seg(r.recordingId) + '/compositions', body);
      ctx.go('#/compositions/' + seg(c.compositionId), 'Composition ' + c.compositionId + ' requested.');
    } catch (err) {
      ctx.fail(err);
    }
  });
  return h('section', {class: 'panel'}, h('h3', {}, 'Request a composition'),
    r.status === 'available' ? form : h('p', {class: 'hint'}, 'Compositions can be asked for once the recording is available.'));
}
