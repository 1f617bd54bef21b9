#!/usr/bin/python3
"""An independent WebRTC peer (aiortc) that speaks Tapline's signaling protocol (docs/signaling.md).

It joins a conversation with a token, publishes a generated video pattern (320x240, moving bar,
15 fps, VP8) and a 440 Hz tone (Opus) on its publish connection (offer/answer), subscribes over
WebRTC to every track the other participants publish (subscriber-offer/subscriber-answer) and
counts the frames aiortc decodes on each. Used by AiortcPeerIT in the app module.

stdout: one JSON object per line. {"event": "published", ...} once the answer is applied,
{"event": "receiving", ...} once every expected remote track decoded a frame,
{"event": "mark", "label": ..., "framesSent": {...}} for each "mark LABEL" line read on stdin,
and {"event": "result", ...} at the end (stdin closed or --max-seconds passed).
"""

import argparse
import asyncio
import fractions
import json
import logging
import math
import os
import sys
import time

import aioice.ice
import numpy
import websockets
from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
from av import AudioFrame, VideoFrame

# aioice gathers host candidates on every interface except loopback, and has no option to choose:
# the tests keep all media on 127.0.0.1 (the server answers checks from 127.0.0.0/8 only there).
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"] if use_ipv4 else []

VIDEO_RATE = 90000
FPS = 15
SAMPLE_RATE = 48000
SAMPLES = 960  # 20 ms


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


class PacedTrack(MediaStreamTrack):
    """A generated track whose recv() hands out frame n at n * frame_seconds after the first."""

    def __init__(self, frame_seconds):
        super().__init__()
        self.frames = 0
        self._frame_seconds = frame_seconds
        self._start = None

    async def _await_next_frame(self):
        if self._start is None:
            self._start = time.monotonic()
        delay = self._start + self.frames * self._frame_seconds - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)


class PatternTrack(PacedTrack):
    """A moving vertical bar on grey, paced at FPS frames a second."""

    kind = "video"

    def __init__(self):
        super().__init__(1 / FPS)

    async def recv(self):
        await self._await_next_frame()
        img = numpy.full((240, 320, 3), 96, dtype=numpy.uint8)
        x = (self.frames * 8) % 320
        img[:, x:x + 24, :] = (240, 200, 40)
        frame = VideoFrame.from_ndarray(img, format="rgb24")
        frame.pts = self.frames * (VIDEO_RATE // FPS)
        frame.time_base = fractions.Fraction(1, VIDEO_RATE)
        self.frames += 1
        return frame


class ToneTrack(PacedTrack):
    """A 440 Hz sine, 20 ms frames, mono 48 kHz."""

    kind = "audio"

    def __init__(self):
        super().__init__(SAMPLES / SAMPLE_RATE)

    async def recv(self):
        await self._await_next_frame()
        t = (numpy.arange(SAMPLES) + self.frames * SAMPLES) / SAMPLE_RATE
        samples = (numpy.sin(2 * math.pi * 440 * t) * 8000).astype(numpy.int16).reshape(1, -1)
        frame = AudioFrame.from_ndarray(samples, format="s16", layout="mono")
        frame.sample_rate = SAMPLE_RATE
        frame.pts = self.frames * SAMPLES
        frame.time_base = fractions.Fraction(1, SAMPLE_RATE)
        self.frames += 1
        return frame


class Peer:
    def __init__(self, args):
        self.args = args
        self.ws = None
        self.next_id = 0
        self.pending = {}
        self.participant = None
        self.publisher = RTCPeerConnection()
        self.subscriber = RTCPeerConnection()
        self.video = PatternTrack()
        self.audio = ToneTrack()
        self.sub_tracks = {}  # mid -> track info from the last subscriber-offer
        self.received = {}  # trackId -> {"kind", "participantId", "frames"}
        self.subscribed = set()
        self.states = []
        self.receiving_sent = False
        self.consumers = []
        self.subscriber.on("track", self.on_track)
        for which, pc in (("publish", self.publisher), ("subscribe", self.subscriber)):
            pc.on("connectionstatechange", lambda which=which, pc=pc: self.states.append(
                [which, pc.connectionState]))

    async def request(self, msg):
        self.next_id += 1
        msg["id"] = str(self.next_id)
        fut = asyncio.get_running_loop().create_future()
        self.pending[msg["id"]] = fut
        await self.ws.send(json.dumps(msg))
        reply = await asyncio.wait_for(fut, 30)
        if reply.get("type") == "error":
            raise RuntimeError("signaling error for %s: %s" % (msg["type"], reply))
        return reply

    async def read_loop(self):
        async for text in self.ws:
            msg = json.loads(text)
            if "id" in msg and msg["id"] in self.pending:
                self.pending.pop(msg["id"]).set_result(msg)
            elif msg["type"] == "track-published":
                await self.maybe_subscribe(msg["track"])
            elif msg["type"] == "subscriber-offer":
                asyncio.ensure_future(self.on_subscriber_offer(msg))

    async def maybe_subscribe(self, track):
        if track["participantId"] == self.participant or track["trackId"] in self.subscribed:
            return
        self.subscribed.add(track["trackId"])
        asyncio.ensure_future(self.request({"type": "subscribe", "trackId": track["trackId"]}))

    async def on_subscriber_offer(self, msg):
        logging.info("subscriber-offer for %s", [(t["mid"], t["trackId"]) for t in msg["tracks"]])
        for t in msg["tracks"]:
            self.sub_tracks[t["mid"]] = t
        await self.subscriber.setRemoteDescription(RTCSessionDescription(sdp=msg["sdp"], type="offer"))
        answer = await self.subscriber.createAnswer()
        await self.subscriber.setLocalDescription(answer)
        if self.args.answer_delay > 0:
            await asyncio.sleep(self.args.answer_delay)
        await self.request({"type": "subscriber-answer", "sdp": self.subscriber.localDescription.sdp})
        logging.info("subscriber-answer sent; transceivers %s", [(t.mid, t.kind, t.currentDirection)
                                                                for t in self.subscriber.getTransceivers()])

    def on_track(self, track):
        mid = next((t.mid for t in self.subscriber.getTransceivers() if t.receiver.track is track), None)
        info = self.sub_tracks.get(mid, {"trackId": "mid-%s" % mid, "participantId": None})
        entry = {"kind": track.kind, "participantId": info["participantId"], "frames": 0}
        self.received[info["trackId"]] = entry
        self.consumers.append(asyncio.ensure_future(self.consume(track, entry)))

    async def consume(self, track, entry):
        try:
            while True:
                frame = await track.recv()
                if track.kind == "video" and (frame.width, frame.height) != (320, 240):
                    entry["badSize"] = [frame.width, frame.height]
                entry["frames"] += 1
                self.check_receiving()
        except MediaStreamError:
            pass

    def check_receiving(self):
        if self.receiving_sent or len(self.received) < self.args.expect_tracks:
            return
        if all(e["frames"] > 0 for e in self.received.values()):
            self.receiving_sent = True
            emit({"event": "receiving", "tracks": sorted(self.received)})

    async def publish(self):
        video = self.publisher.addTransceiver(self.video, direction="sendonly")
        audio = self.publisher.addTransceiver(self.audio, direction="sendonly")
        offer = await self.publisher.createOffer()
        await self.publisher.setLocalDescription(offer)
        reply = await self.request({
            "type": "offer", "sdp": self.publisher.localDescription.sdp,
            "tracks": [{"mid": video.mid, "source": "camera"}, {"mid": audio.mid, "source": "microphone"}]})
        await self.publisher.setRemoteDescription(RTCSessionDescription(sdp=reply["sdp"], type="answer"))
        emit({"event": "published", "tracks": reply["tracks"]})

    async def run(self):
        self.ws = await websockets.connect(self.args.url, max_size=1 << 20)
        reader = asyncio.ensure_future(self.read_loop())
        joined = await self.request({"type": "join", "version": 1,
                                     "conversationId": self.args.conversation, "token": self.args.token})
        self.participant = joined["participantId"]
        for p in joined["participants"]:
            for t in p.get("tracks", []):
                await self.maybe_subscribe(dict(t, participantId=p["participantId"]))
        await self.publish()
        status = asyncio.ensure_future(self.status())
        await self.commands()
        status.cancel()
        result = {"event": "result", "participantId": self.participant,
                  "framesSent": {"video": self.video.frames, "audio": self.audio.frames},
                  "received": self.received, "states": self.states}
        for c in self.consumers:
            c.cancel()
        await self.ws.close()
        reader.cancel()
        await self.publisher.close()
        await self.subscriber.close()
        emit(result)

    async def status(self):
        """Logs what the subscribe connection received every 5 s (for a failed run's log tail)."""
        while True:
            await asyncio.sleep(5)
            logging.info("status: decoded %s, packets %s, subscribe %s", {k: e["frames"] for k, e in self.received.items()},
                         await self.packets_received(), self.subscriber.connectionState)

    async def commands(self):
        """Reads "mark LABEL" lines from stdin until it closes (or --max-seconds)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.args.max_seconds
        while loop.time() < deadline:
            try:
                line = await asyncio.wait_for(loop.run_in_executor(None, sys.stdin.readline),
                                              deadline - loop.time())
            except asyncio.TimeoutError:
                return
            if not line:
                return
            parts = line.split()
            if parts and parts[0] == "mark":
                emit({"event": "mark", "label": parts[1] if len(parts) > 1 else "",
                      "framesSent": {"video": self.video.frames, "audio": self.audio.frames},
                      "received": self.received, "packetsReceived": await self.packets_received()})

    async def packets_received(self):
        """RTP packets the subscribe connection received, by kind (aiortc's inbound-rtp stats)."""
        out = {}
        for s in (await self.subscriber.getStats()).values():
            if s.type == "inbound-rtp":
                out[s.kind] = out.get(s.kind, 0) + s.packetsReceived
        return out


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--url", required=True, help="ws://host:port/signaling")
    p.add_argument("--conversation", required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--expect-tracks", type=int, default=2, help="remote tracks before 'receiving'")
    p.add_argument("--max-seconds", type=float, default=240)
    p.add_argument("--answer-delay", type=float, default=0,
                   help="seconds to hold each subscriber-answer: the subscribe connection completes DTLS "
                        "after the other's first keyframe went by")
    p.add_argument("--debug", action="store_true", help="aiortc's debug log on stderr")
    args = p.parse_args()
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    asyncio.run(Peer(args).run())


if __name__ == "__main__":
    main()
