// One composition: its progress, polled until it is available or failed, then its download.
import {get, seg} from '../api.js';
import {h, link, facts, bytes, replace} from '../dom.js';
import {downloadButton} from './downloads.js';

const POLL_MS = 1000;

export async function render(ctx, id) {
  const path = '/compositions/' + seg(id);
  const c = await get(path);
  if (!ctx.alive()) {
    return;
  }
  const area = h('div', {id: 'composition'});
  replace(ctx.main, h('h2', {}, 'Composition ', h('code', {}, id)), area);
  show(ctx, area, c);
  if (c.status !== 'available' && c.status !== 'failed') {
    ctx.poll(async () => {
      const now = await get(path);
      if (ctx.alive()) {
        show(ctx, area, now);
      }
      return now.status === 'available' || now.status === 'failed';
    }, POLL_MS);
  }
}

function show(ctx, area, c) {
  const percent = Math.round((c.progress || 0) * 100);
  replace(area,
    facts([
      ['Recording', link('#/recordings/' + seg(c.recordingId), c.recordingId, {id: 'composition-recording'})],
      ['Layout', c.layout + (c.participantId ? ' (' + c.participantId + ')' : '')],
      ['Format', c.format],
      ['Size', c.width ? c.width + 'x' + c.height + ' @ ' + c.fps + ' fps' : ''],
      ['Status', h('span', {class: 'badge ' + c.status, id: 'composition-status'}, c.status)],
      ['Progress', [h('progress', {id: 'composition-progress', max: 100, value: String(percent),
        'aria-label': 'composition progress'}), ' ', percent + '%']],
      ['Error', c.error ? h('span', {class: 'problem-detail'}, c.error) : ''],
      ['Bytes', c.size !== undefined && c.size !== null ? bytes(c.size) : ''],
      ['SHA-256', c.sha256 ? h('code', {}, c.sha256) : ''],
    ]),
    c.status === 'available'
      ? h('div', {class: 'actions'}, downloadButton(ctx, '/compositions/' + seg(c.compositionId) + '/content',
        c.recordingId + '-' + c.compositionId + '.' + (c.format === 'mp4' ? 'mp4' : 'webm'), c.sha256,
        'download-composition'))
      : null);
}
