// Tapline browser client: an ES module, no build step. Speaks the signaling protocol of
// docs/signaling.md over a WebSocket and WebRTC to the SFU: one publish RTCPeerConnection (we
// offer sendonly tracks, the SFU answers) and one subscribe RTCPeerConnection (the SFU offers the
// tracks we subscribed to, renegotiating as they come and go; we answer).
//
//   import { TaplineClient } from '/tapline-client.js';
//   const client = new TaplineClient({ url: 'ws://host:8080/signaling', conversationId, token });
//   client.addEventListener('track', e => attach(e.detail));   // remote MediaStreamTrack + who/what
//   await client.connect();
//   await client.publishCamera();                             // camera + microphone
//
// Events (CustomEvent, details in docs/signaling.md): joined, participant-joined, participant-left,
// track (a remote track is playing), track-removed, active-speaker, recording, chat, muted,
// unmuted, connection-state, ice-restart, reconnecting, reconnected, disconnected, error.

const PROTOCOL_VERSION = 1;
/** Close codes after which retrying cannot help (docs/signaling.md, "Close codes"). */
const FINAL_CLOSE_CODES = new Set([1000, 4000, 4001, 4003, 4401, 4403]);

export class TaplineClient extends EventTarget {
  /**
   * @param {object} options
   * @param {string} options.url WebSocket URL of /signaling
   * @param {string} options.conversationId
   * @param {string|function(): Promise<string>} options.token a join token, or a function that fetches a fresh one
   * @param {boolean} [options.autoSubscribe=true] subscribe to every track others publish
   * @param {number} [options.retries=5] reconnect attempts after an unexpected drop
   * @param {number} [options.iceRestartMs=10000] how long a failed connection's ICE restart may
   *     take before the client reconnects from scratch
   * @param {number} [options.retryDelayMs=1000] first delay between attempts (doubles, at most 10 s)
   * @param {boolean} [options.simulcast=true] publish camera video as simulcast layers (rid q/h/f,
   *     1/4, 1/2 and full resolution) so each subscriber gets the layer its bandwidth fits
   * @param {string} [options.iceTransport='any'] 'tcp' keeps only the server's ICE-TCP candidates
   *     (RFC 6544 passive; the server needs tapline.webrtc.tcp-port), for networks that block UDP:
   *     its UDP candidates are removed from every description before setRemoteDescription
   */
  constructor(options) {
    super();
    this.options = { autoSubscribe: true, retries: 5, retryDelayMs: 1000, simulcast: true, ...options };
    this.participantId = null;
    this.participants = new Map(); // participantId -> { participantId, name, role }
    this.tracks = new Map(); // trackId -> track description from the server
    this.remote = new Map(); // trackId -> { track, stream, ... } playing remote tracks
    this.local = []; // { track, source, stream } we publish, re-published after a reconnect
    this.recording = null;
    this.iceServers = [];
    this._ws = null;
    this._nextId = 1;
    this._pending = new Map();
    this._pub = null;
    this._sub = null;
    this._subTracks = new Map(); // mid -> track description in the last subscriber offer
    this._subscribed = new Set();
    this._negotiation = Promise.resolve();
    this._closing = false;
    this._attempt = 0;
  }

  /** Opens the socket and joins; resolves with the `joined` message. */
  async connect() {
    this._closing = false;
    const token = typeof this.options.token === 'function' ? await this.options.token() : this.options.token;
    await this._open();
    const joined = await this.request({ type: 'join', version: PROTOCOL_VERSION,
      conversationId: this.options.conversationId, token });
    this.participantId = joined.participantId;
    this.iceServers = (joined.webrtc && joined.webrtc.iceServers) || [];
    this.recording = joined.recording || null;
    this.participants.clear();
    this.tracks.clear();
    for (const p of joined.participants) {
      this.participants.set(p.participantId, { participantId: p.participantId, name: p.name, role: p.role });
      for (const t of p.tracks) {
        this.tracks.set(t.trackId, t);
      }
    }
    this._emit('joined', joined);
    if (this.options.autoSubscribe) {
      for (const t of this.tracks.values()) {
        if (t.participantId !== this.participantId) {
          this.subscribe(t.trackId).catch(e => this._emit('error', e));
        }
      }
    }
    return joined;
  }

  /** Publishes camera and microphone (getUserMedia). Returns the local MediaStream. */
  async publishCamera(constraints = { audio: true, video: { width: 640, height: 480, frameRate: 30 } }) {
    const stream = await navigator.mediaDevices.getUserMedia(constraints);
    const tracks = stream.getTracks().map(track => ({
      track, stream, source: track.kind === 'audio' ? 'microphone' : 'camera' }));
    await this._publish(tracks);
    return stream;
  }

  /** Publishes a screen (getDisplayMedia), or a given video track as the screen source. */
  async publishScreen(track = null) {
    let stream;
    if (track) {
      stream = new MediaStream([track]);
    } else {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
      track = stream.getVideoTracks()[0];
    }
    await this._publish([{ track, stream, source: 'screen' }]);
    return stream;
  }

  /** Subscribes to a track; it arrives as a `track` event once the subscribe connection carries it. */
  async subscribe(trackId) {
    if (this._subscribed.has(trackId)) {
      return;
    }
    this._subscribed.add(trackId);
    try {
      await this.request({ type: 'subscribe', trackId, nack: true }); // RTX retransmissions for video
    } catch (e) {
      this._subscribed.delete(trackId);
      throw e;
    }
  }

  async unsubscribe(trackId) {
    this._subscribed.delete(trackId);
    await this.request({ type: 'unsubscribe', trackId });
  }

  /** `start`, `pause`, `resume` or `stop` (recorder and moderator roles). */
  async recordingAction(action) {
    const answer = await this.request({ type: 'recording', action });
    this.recording = answer.recording;
    return answer.recording;
  }

  async chat(text, to) {
    await this.request(to ? { type: 'chat', text, to } : { type: 'chat', text });
  }

  async mute(trackId) {
    await this.request({ type: 'mute', trackId });
  }

  async unmute(trackId) {
    await this.request({ type: 'unmute', trackId });
  }

  /** Leaves the conversation and stops everything (no reconnect). */
  async leave() {
    this._closing = true;
    try {
      if (this._ws && this._ws.readyState === WebSocket.OPEN) {
        await this.request({ type: 'leave' });
      }
    } catch (e) {
      // leaving anyway
    }
    this._teardown();
    for (const l of this.local) {
      l.track.stop();
    }
    this.local = [];
  }

  /** getStats() of both connections: { publish: RTCStatsReport|null, subscribe: RTCStatsReport|null }. */
  async stats() {
    return {
      publish: this._pub ? await this._pub.getStats() : null,
      subscribe: this._sub ? await this._sub.getStats() : null,
    };
  }

  /** Sends a request and resolves with its answer (rejects with the `error` message). */
  request(message) {
    const id = String(this._nextId++);
    return new Promise((resolve, reject) => {
      if (!this._ws || this._ws.readyState !== WebSocket.OPEN) {
        reject(new Error('signaling is not connected'));
        return;
      }
      this._pending.set(id, { resolve, reject });
      this._ws.send(JSON.stringify({ ...message, id }));
    });
  }

  // ---- signaling socket ----

  _open() {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.options.url);
      this._ws = ws;
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Error('cannot open ' + this.options.url));
      ws.onmessage = e => this._onMessage(JSON.parse(e.data));
      ws.onclose = e => this._onClose(ws, e.code, e.reason);
    });
  }

  _onMessage(m) {
    if (m.id !== undefined && this._pending.has(m.id)) {
      const p = this._pending.get(m.id);
      this._pending.delete(m.id);
      if (m.type === 'error') {
        const err = new Error(m.code + ': ' + m.message);
        err.code = m.code;
        p.reject(err);
      } else {
        p.resolve(m);
      }
      return;
    }
    switch (m.type) {
      case 'participant-joined':
        this.participants.set(m.participant.participantId, m.participant);
        break;
      case 'participant-left':
        this.participants.delete(m.participantId);
        break;
      case 'track-published':
        this.tracks.set(m.track.trackId, m.track);
        if (this.options.autoSubscribe && m.track.participantId !== this.participantId) {
          this.subscribe(m.track.trackId).catch(e => this._emit('error', e));
        }
        break;
      case 'track-unpublished':
        this.tracks.delete(m.trackId);
        this._subscribed.delete(m.trackId);
        if (this.remote.has(m.trackId)) {
          const r = this.remote.get(m.trackId);
          this.remote.delete(m.trackId);
          this._emit('track-removed', r);
        }
        break;
      case 'recording-started':
      case 'recording-paused':
      case 'recording-resumed':
      case 'recording-stopped':
        this.recording = m.recording;
        this._emit('recording', m.recording);
        return;
      case 'subscriber-offer':
        this._negotiate(() => this._answerSubscriberOffer(m));
        return;
      default:
        break;
    }
    this._emit(m.type, m);
  }

  _onClose(ws, code, reason) {
    if (ws !== this._ws) {
      return;
    }
    for (const p of this._pending.values()) {
      p.reject(new Error('signaling closed (' + code + ')'));
    }
    this._pending.clear();
    this._teardownConnections();
    if (this._closing || FINAL_CLOSE_CODES.has(code)) {
      this._emit('disconnected', { code, reason });
      return;
    }
    this._reconnect(code);
  }

  async _reconnect(code) {
    while (this._attempt < this.options.retries && !this._closing) {
      const delay = Math.min(10000, this.options.retryDelayMs * 2 ** this._attempt);
      this._attempt++;
      this._emit('reconnecting', { attempt: this._attempt, delayMs: delay, code });
      await new Promise(r => setTimeout(r, delay));
      try {
        const local = this.local;
        this.local = [];
        this._subscribed.clear();
        this.remote.clear();
        await this.connect();
        if (local.length) {
          await this._publish(local);
        }
        this._attempt = 0;
        this._emit('reconnected', {});
        return;
      } catch (e) {
        this._emit('error', e);
      }
    }
    this._emit('disconnected', { code, reason: 'gave up reconnecting' });
  }

  // ---- WebRTC ----

  /** Camera simulcast layers, lowest first (the SFU takes the a=simulcast order as low to high). */
  static get SIMULCAST_ENCODINGS() {
    return [
      { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150000 },
      { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500000 },
      { rid: 'f', scaleResolutionDownBy: 1, maxBitrate: 2000000 },
    ];
  }

  _config() {
    return { iceServers: this.iceServers, bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' };
  }

  /** Negotiations run one at a time, in order. */
  _negotiate(step) {
    this._negotiation = this._negotiation.then(step).catch(e => this._emit('error', e));
    return this._negotiation;
  }

  _publish(items) {
    return this._negotiate(async () => {
      if (!this._pub) {
        this._pub = new RTCPeerConnection(this._config());
        this._pub.onconnectionstatechange = () => {
          const state = this._pub && this._pub.connectionState;
          this._emit('connection-state', { connection: 'publish', state });
          if (state === 'failed') {
            this._restartIce('publish');
          }
        };
      }
      const added = [];
      for (const item of items) {
        const init = { direction: 'sendonly', streams: [item.stream] };
        if (this.options.simulcast && item.track.kind === 'video' && item.source === 'camera') {
          init.sendEncodings = TaplineClient.SIMULCAST_ENCODINGS.map(e => ({ ...e }));
        }
        const t = this._pub.addTransceiver(item.track, init);
        added.push({ ...item, transceiver: t });
      }
      const offer = await this._pub.createOffer();
      await this._pub.setLocalDescription(offer);
      const sources = [...this.local, ...added].map(l => ({ mid: l.transceiver.mid, source: l.source }));
      const answer = await this.request({ type: 'offer', sdp: this._pub.localDescription.sdp, tracks: sources });
      await this._pub.setRemoteDescription({ type: 'answer', sdp: this._remoteSdp(answer.sdp) });
      for (const a of added) {
        const t = answer.tracks.find(x => x.mid === a.transceiver.mid);
        a.trackId = t ? t.trackId : null;
        this.local.push(a);
      }
      return answer.tracks;
    });
  }

  async _answerSubscriberOffer(m) {
    if (!this._sub) {
      this._sub = new RTCPeerConnection(this._config());
      this._sub.ontrack = e => this._onRemoteTrack(e);
      this._sub.onconnectionstatechange = () => {
        const state = this._sub && this._sub.connectionState;
        this._emit('connection-state', { connection: 'subscribe', state });
        if (state === 'failed') {
          this._restartIce('subscribe');
        }
      };
    }
    this._subTracks = new Map(m.tracks.map(t => [t.mid, t]));
    await this._sub.setRemoteDescription({ type: 'offer', sdp: this._remoteSdp(m.sdp) });
    const answer = await this._sub.createAnswer();
    await this._sub.setLocalDescription(answer);
    await this.request({ type: 'subscriber-answer', sdp: this._sub.localDescription.sdp });
  }

  /**
   * The server's description as this client uses it: with options.iceTransport 'tcp', without its
   * UDP candidates (a=candidate lines whose transport is udp), so ICE can only pair over TCP.
   */
  _remoteSdp(sdp) {
    if (this.options.iceTransport !== 'tcp') {
      return sdp;
    }
    const lines = sdp.split('\r\n').filter(l => !/^a=candidate:\S+ \d+ udp /i.test(l));
    if (!lines.some(l => /^a=candidate:\S+ \d+ tcp /i.test(l))) {
      throw new Error('iceTransport tcp: the server offers no ICE-TCP candidate (tapline.webrtc.tcp-port is off)');
    }
    return lines.join('\r\n');
  }

  /**
   * A failed connection first tries an ICE restart (the session, DTLS and tracks survive): a new
   * offer with iceRestart on the publish connection, a subscriber-restart request (the server
   * offers new credentials) on the subscribe one. If it is not connected again within
   * options.iceRestartMs (default 10 s), the signaling socket is closed and the usual reconnect
   * (join again, publish again) takes over.
   */
  _restartIce(which) {
    const pc = which === 'publish' ? this._pub : this._sub;
    if (!pc || this._closing || (this._iceRestarts || (this._iceRestarts = new Set())).has(which)) {
      return;
    }
    this._iceRestarts.add(which);
    this._emit('ice-restart', { connection: which });
    const restart = which === 'publish'
      ? this._negotiate(async () => {
        const offer = await pc.createOffer({ iceRestart: true });
        await pc.setLocalDescription(offer);
        const tracks = this.local.filter(l => l.transceiver).map(l => ({ mid: l.transceiver.mid, source: l.source }));
        const answer = await this.request({ type: 'offer', sdp: pc.localDescription.sdp, tracks });
        await pc.setRemoteDescription({ type: 'answer', sdp: this._remoteSdp(answer.sdp) });
      })
      : this.request({ type: 'subscriber-restart' });
    const ws = this._ws;
    const giveUp = () => {
      this._iceRestarts.delete(which);
      if (pc.connectionState !== 'connected' && ws === this._ws && ws && !this._closing) {
        ws.close(4100, 'ICE restart did not recover ' + which); // not a final code: reconnects
      }
    };
    Promise.resolve(restart).catch(e => this._emit('error', e))
      .then(() => new Promise(r => setTimeout(r, this.options.iceRestartMs || 10000))).then(giveUp);
  }

  _onRemoteTrack(e) {
    const info = this._subTracks.get(e.transceiver.mid);
    if (!info) {
      return;
    }
    const stream = e.streams[0] || new MediaStream([e.track]);
    const remote = { ...info, track: e.track, stream };
    this.remote.set(info.trackId, remote);
    this._emit('track', remote);
  }

  _teardownConnections() {
    if (this._pub) {
      this._pub.close();
      this._pub = null;
    }
    if (this._sub) {
      this._sub.close();
      this._sub = null;
    }
    this._negotiation = Promise.resolve();
    for (const l of this.local) {
      delete l.transceiver;
    }
  }

  _teardown() {
    this._teardownConnections();
    if (this._ws) {
      const ws = this._ws;
      this._ws = null;
      ws.close(1000);
    }
  }

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
