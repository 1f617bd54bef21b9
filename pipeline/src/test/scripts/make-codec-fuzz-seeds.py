#!/usr/bin/env python3
"""Writes the seed corpus of CodecFuzzTest from the committed captures (real payloads only).

Each depacketizer seed is a run of RTP packets from a fixture, each framed as a 2-byte big-endian
length and the packet bytes, the format CodecFuzzTest.packets() reads. SPS seeds are the SPS NAL
units found in the H.264 captures and those of H264SpsParserTest (x264, OpenH264).
Run from the repository root: python3 pipeline/src/test/scripts/make-codec-fuzz-seeds.py
"""
import os
import struct

FIX = "pipeline/src/test/resources/fixtures"
OUT = "pipeline/src/test/resources/io/tapline/pipeline/codec/CodecFuzzTestInputs"


def rtp_packets(name):
    data = open(os.path.join(FIX, name), "rb").read()
    link = struct.unpack("<I", data[20:24])[0]
    assert link == 1, "captures on lo are Ethernet-framed"
    pos, out = 24, []
    while pos + 16 <= len(data):
        incl = struct.unpack("<I", data[pos + 8:pos + 12])[0]
        frame = data[pos + 16:pos + 16 + incl]
        pos += 16 + incl
        ihl = (frame[14] & 0x0F) * 4
        out.append(frame[14 + ihl + 8:])
    return out


def write(method, seed, packets):
    d = os.path.join(OUT, method)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, seed), "wb") as f:
        for p in packets:
            f.write(struct.pack(">H", len(p)) + p)


def seeds(method, fixture, prefix):
    pkts = rtp_packets(fixture)
    write(method, prefix + "-start", pkts[:8])  # the first key frame's opening packets
    # a run of whole small frames from the middle: deltas ending at a marker
    mid = len(pkts) // 2
    end = mid
    while end < len(pkts) and end - mid < 6:
        end += 1
    write(method, prefix + "-middle", pkts[mid:end])


seeds("vp8", "vp8-gst-320x240-30f.pcap", "gst")
seeds("vp8", "vp8-ffmpeg-176x144-30f.pcap", "ffmpeg")
seeds("vp9", "vp9-gst-320x240-30f.pcap", "gst")
seeds("vp9", "vp9-ffmpeg-176x144-30f.pcap", "ffmpeg")
seeds("h264", "h264-gst-320x180-30f.pcap", "gst")
seeds("h264", "h264-ffmpeg-640x360-30f.pcap", "ffmpeg")
seeds("av1", "av1-ffmpeg8-320x240-30f.pcap", "ffmpeg8")
seeds("opus", "opus-gst-50f.pcap", "gst")
seeds("opus", "opus-ffmpeg-50f.pcap", "ffmpeg")
write("opus", "gst-dtx", rtp_packets("opus-gst-dtx.pcap")[:12])

# the AV1 sequence header payload: first element of the first packet (aggregation header 0x68,
# leb128 length, OBU header 0x08 without obu_size, then the payload)
first = rtp_packets("av1-ffmpeg8-320x240-30f.pcap")[0][12:]
d = os.path.join(OUT, "av1SequenceHeader")
os.makedirs(d, exist_ok=True)
assert first[0] & 0x30 and first[2] == 0x08, first[:4].hex()
open(os.path.join(d, "ffmpeg8-libaom"), "wb").write(first[3:2 + first[1]])
# reduced still picture header, profile 0, level 0, 3-bit sizes, 8x8, trailing bits (by hand, AV1 5.5.1)
open(os.path.join(d, "reduced-still-8x8"), "wb").write(bytes([0x18, 0x08, 0xBF, 0x80]))

SPS = {
    "x264-high-1920x1080": "67640028acd940780227e5c044000003000400000300f03c60c658",
    "x264-high444-cqm-1920x1080": "67f40028919b280f0044fc4e0220000003002000000781e30632c0",
    "x264-high422-cqm-854x480": "677a001fbcd940d83de6f0110000030001000003003c0f183196",
    "x264-interlaced-1920x1080": "67640028acd94078044fde0220000003002000000783e2c5b2c0",
    "openh264-322x182": "6742c00d8c8d40a8cb113403c2211a80",
}
d = os.path.join(OUT, "h264Sps")
os.makedirs(d, exist_ok=True)
for name, hexsps in SPS.items():
    open(os.path.join(d, name), "wb").write(bytes.fromhex(hexsps))
# the SPS of each H.264 capture: first NAL of type 7 inside the first STAP-A
for fixture, name in (("h264-gst-320x180-30f.pcap", "gst-capture"), ("h264-ffmpeg-640x360-30f.pcap", "ffmpeg-capture")):
    payload = rtp_packets(fixture)[0][12:]
    pos = 1
    while pos + 2 < len(payload):
        size = struct.unpack(">H", payload[pos:pos + 2])[0]
        nal = payload[pos + 2:pos + 2 + size]
        if nal[0] & 0x1F == 7:
            open(os.path.join(d, name), "wb").write(nal)
        pos += 2 + size
