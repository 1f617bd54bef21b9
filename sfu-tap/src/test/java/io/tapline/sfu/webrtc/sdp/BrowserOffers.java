package io.tapline.sfu.webrtc.sdp;

/**
 * Browser offers used as test inputs. They are written by hand, modelled on the format Chromium
 * (M120-M156) and Firefox produce for an audio track, a simulcast camera, a screen share and a
 * data channel with max-bundle: the same lines, order and values shapes. They were NOT captured
 * from a running browser; replace them with captures when a browser test exists.
 */
final class BrowserOffers {
  /** Modelled on Chrome: extmap ids 1-14, rtx for every video codec, red/ulpfec, H.264 42001f,
   * 42e01f, 4d001f and 64001f in both packetization modes, AV1, VP9 profiles 0 and 2, simulcast
   * with rids on the camera, ssrc/FID lines on the screen share, a data channel. */
  static final String CHROME = crlf("""
      v=0
      o=- 4611731400430051336 2 IN IP4 127.0.0.1
      s=-
      t=0 0
      a=group:BUNDLE 0 1 2 3
      a=extmap-allow-mixed
      a=msid-semantic: WMS 4c1e7b3a-5d6f-4e2a-9b8c-1f0e2d3c4b5a
      m=audio 53421 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
      c=IN IP4 127.0.0.1
      a=rtcp:9 IN IP4 0.0.0.0
      a=candidate:1467250027 1 udp 2122260223 127.0.0.1 53421 typ host generation 0 network-id 1
      a=ice-ufrag:K9bX
      a=ice-pwd:0nOGmVXxAjA8J1TqNb0bPq1m
      a=ice-options:trickle
      a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08
      a=setup:actpass
      a=mid:0
      a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
      a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
      a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
      a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
      a=sendrecv
      a=msid:4c1e7b3a-5d6f-4e2a-9b8c-1f0e2d3c4b5a 8d2f4a6b-0c1e-4f3a-a5b7-9c8d7e6f5a4b
      a=rtcp-mux
      a=rtcp-rsize
      a=rtpmap:111 opus/48000/2
      a=rtcp-fb:111 transport-cc
      a=fmtp:111 minptime=10;useinbandfec=1
      a=rtpmap:63 red/48000/2
      a=fmtp:63 111/111
      a=rtpmap:9 G722/8000
      a=rtpmap:0 PCMU/8000
      a=rtpmap:8 PCMA/8000
      a=rtpmap:13 CN/8000
      a=rtpmap:110 telephone-event/48000
      a=rtpmap:126 telephone-event/8000
      a=ssrc:3735928559 cname:Yq3rVbN1h2kLrQ9x
      a=ssrc:3735928559 msid:4c1e7b3a-5d6f-4e2a-9b8c-1f0e2d3c4b5a 8d2f4a6b-0c1e-4f3a-a5b7-9c8d7e6f5a4b
      m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 104 105 106 107 108 109 127 125 39 40 45 46 98 99 100 101 112 113 114 115 116
      c=IN IP4 0.0.0.0
      a=rtcp:9 IN IP4 0.0.0.0
      a=ice-ufrag:K9bX
      a=ice-pwd:0nOGmVXxAjA8J1TqNb0bPq1m
      a=ice-options:trickle
      a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08
      a=setup:actpass
      a=mid:1
      a=extmap:14 urn:ietf:params:rtp-hdrext:toffset
      a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
      a=extmap:13 urn:3gpp:video-orientation
      a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
      a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay
      a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type
      a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing
      a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space
      a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
      a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
      a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
      a=extmap:9 https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension
      a=extmap:12 http://www.webrtc.org/experiments/rtp-hdrext/video-layers-allocation00
      a=sendonly
      a=msid:4c1e7b3a-5d6f-4e2a-9b8c-1f0e2d3c4b5a 2b4d6f8a-1c3e-4a5b-8d7f-0e9c8b7a6d5f
      a=rtcp-mux
      a=rtcp-rsize
      a=rtpmap:96 VP8/90000
      a=rtcp-fb:96 goog-remb
      a=rtcp-fb:96 transport-cc
      a=rtcp-fb:96 ccm fir
      a=rtcp-fb:96 nack
      a=rtcp-fb:96 nack pli
      a=rtpmap:97 rtx/90000
      a=fmtp:97 apt=96
      a=rtpmap:102 H264/90000
      a=rtcp-fb:102 goog-remb
      a=rtcp-fb:102 transport-cc
      a=rtcp-fb:102 ccm fir
      a=rtcp-fb:102 nack
      a=rtcp-fb:102 nack pli
      a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f
      a=rtpmap:103 rtx/90000
      a=fmtp:103 apt=102
      a=rtpmap:104 H264/90000
      a=rtcp-fb:104 goog-remb
      a=rtcp-fb:104 transport-cc
      a=rtcp-fb:104 ccm fir
      a=rtcp-fb:104 nack
      a=rtcp-fb:104 nack pli
      a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f
      a=rtpmap:105 rtx/90000
      a=fmtp:105 apt=104
      a=rtpmap:106 H264/90000
      a=rtcp-fb:106 goog-remb
      a=rtcp-fb:106 transport-cc
      a=rtcp-fb:106 ccm fir
      a=rtcp-fb:106 nack
      a=rtcp-fb:106 nack pli
      a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f
      a=rtpmap:107 rtx/90000
      a=fmtp:107 apt=106
      a=rtpmap:108 H264/90000
      a=rtcp-fb:108 goog-remb
      a=rtcp-fb:108 transport-cc
      a=rtcp-fb:108 ccm fir
      a=rtcp-fb:108 nack
      a=rtcp-fb:108 nack pli
      a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f
      a=rtpmap:109 rtx/90000
      a=fmtp:109 apt=108
      a=rtpmap:127 H264/90000
      a=rtcp-fb:127 goog-remb
      a=rtcp-fb:127 transport-cc
      a=rtcp-fb:127 ccm fir
      a=rtcp-fb:127 nack
      a=rtcp-fb:127 nack pli
      a=fmtp:127 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f
      a=rtpmap:125 rtx/90000
      a=fmtp:125 apt=127
      a=rtpmap:39 H264/90000
      a=rtcp-fb:39 goog-remb
      a=rtcp-fb:39 transport-cc
      a=rtcp-fb:39 ccm fir
      a=rtcp-fb:39 nack
      a=rtcp-fb:39 nack pli
      a=fmtp:39 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=4d001f
      a=rtpmap:40 rtx/90000
      a=fmtp:40 apt=39
      a=rtpmap:45 AV1/90000
      a=rtcp-fb:45 goog-remb
      a=rtcp-fb:45 transport-cc
      a=rtcp-fb:45 ccm fir
      a=rtcp-fb:45 nack
      a=rtcp-fb:45 nack pli
      a=fmtp:45 level-idx=5;profile=0;tier=0
      a=rtpmap:46 rtx/90000
      a=fmtp:46 apt=45
      a=rtpmap:98 VP9/90000
      a=rtcp-fb:98 goog-remb
      a=rtcp-fb:98 transport-cc
      a=rtcp-fb:98 ccm fir
      a=rtcp-fb:98 nack
      a=rtcp-fb:98 nack pli
      a=fmtp:98 profile-id=0
      a=rtpmap:99 rtx/90000
      a=fmtp:99 apt=98
      a=rtpmap:100 VP9/90000
      a=rtcp-fb:100 goog-remb
      a=rtcp-fb:100 transport-cc
      a=rtcp-fb:100 ccm fir
      a=rtcp-fb:100 nack
      a=rtcp-fb:100 nack pli
      a=fmtp:100 profile-id=2
      a=rtpmap:101 rtx/90000
      a=fmtp:101 apt=100
      a=rtpmap:112 H264/90000
      a=rtcp-fb:112 goog-remb
      a=rtcp-fb:112 transport-cc
      a=rtcp-fb:112 ccm fir
      a=rtcp-fb:112 nack
      a=rtcp-fb:112 nack pli
      a=fmtp:112 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f
      a=rtpmap:113 rtx/90000
      a=fmtp:113 apt=112
      a=rtpmap:114 red/90000
      a=rtpmap:115 rtx/90000
      a=fmtp:115 apt=114
      a=rtpmap:116 ulpfec/90000
      a=rid:q send
      a=rid:h send
      a=rid:f send
      a=simulcast:send q;h;f
      m=video 9 UDP/TLS/RTP/SAVPF 96 97 106 107
      c=IN IP4 0.0.0.0
      a=rtcp:9 IN IP4 0.0.0.0
      a=ice-ufrag:K9bX
      a=ice-pwd:0nOGmVXxAjA8J1TqNb0bPq1m
      a=ice-options:trickle
      a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08
      a=setup:actpass
      a=mid:2
      a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
      a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
      a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
      a=sendonly
      a=msid:4c1e7b3a-5d6f-4e2a-9b8c-1f0e2d3c4b5a 6e5d4c3b-2a19-4807-b6a5-f4e3d2c1b0a9
      a=rtcp-mux
      a=rtcp-rsize
      a=rtpmap:96 VP8/90000
      a=rtcp-fb:96 goog-remb
      a=rtcp-fb:96 transport-cc
      a=rtcp-fb:96 ccm fir
      a=rtcp-fb:96 nack
      a=rtcp-fb:96 nack pli
      a=rtpmap:97 rtx/90000
      a=fmtp:97 apt=96
      a=rtpmap:106 H264/90000
      a=rtcp-fb:106 nack
      a=rtcp-fb:106 nack pli
      a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f
      a=rtpmap:107 rtx/90000
      a=fmtp:107 apt=106
      a=ssrc-group:FID 2882400001 2882400002
      a=ssrc:2882400001 cname:Yq3rVbN1h2kLrQ9x
      a=ssrc:2882400001 msid:4c1e7b3a-5d6f-4e2a-9b8c-1f0e2d3c4b5a 6e5d4c3b-2a19-4807-b6a5-f4e3d2c1b0a9
      a=ssrc:2882400002 cname:Yq3rVbN1h2kLrQ9x
      a=ssrc:2882400002 msid:4c1e7b3a-5d6f-4e2a-9b8c-1f0e2d3c4b5a 6e5d4c3b-2a19-4807-b6a5-f4e3d2c1b0a9
      m=application 9 UDP/DTLS/SCTP webrtc-datachannel
      c=IN IP4 0.0.0.0
      a=ice-ufrag:K9bX
      a=ice-pwd:0nOGmVXxAjA8J1TqNb0bPq1m
      a=ice-options:trickle
      a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08
      a=setup:actpass
      a=mid:3
      a=sctp-port:5000
      a=max-message-size:262144
      """);

  /** Modelled on Firefox: session-level fingerprint, extmap with a direction, Firefox's
   * payload numbers and fmtp order, ssrc lines with braces in cname and msid. */
  static final String FIREFOX = crlf("""
      v=0
      o=mozilla...THIS_IS_SDPARTA-99.0 7413946279837640823 0 IN IP4 0.0.0.0
      s=-
      t=0 0
      a=fingerprint:sha-256 0F:74:31:25:CB:A2:13:EC:28:6F:6D:2C:61:FF:5D:C2:BC:B9:DB:3D:98:14:8D:1A:BB:EA:33:0C:A4:60:A8:8E
      a=group:BUNDLE 0 1
      a=ice-options:trickle
      a=msid-semantic:WMS *
      m=audio 9 UDP/TLS/RTP/SAVPF 109 9 0 8 101
      c=IN IP4 0.0.0.0
      a=sendrecv
      a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
      a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level
      a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
      a=fmtp:109 maxplaybackrate=48000;stereo=1;useinbandfec=1
      a=fmtp:101 0-15
      a=ice-pwd:2a3f4e5d6c7b8a9f0e1d2c3b4a596877
      a=ice-ufrag:0c6e1a2f
      a=mid:0
      a=msid:{5f1a8e2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b} {9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a}
      a=rtcp-mux
      a=rtpmap:109 opus/48000/2
      a=rtpmap:9 G722/8000/1
      a=rtpmap:0 PCMU/8000
      a=rtpmap:8 PCMA/8000
      a=rtpmap:101 telephone-event/8000
      a=setup:actpass
      a=ssrc:1450093117 cname:{a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d}
      m=video 9 UDP/TLS/RTP/SAVPF 120 124 121 125 126 127 97 98 123 122 119
      c=IN IP4 0.0.0.0
      a=sendrecv
      a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
      a=extmap:4 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
      a=extmap:5 urn:ietf:params:rtp-hdrext:toffset
      a=extmap:6/recvonly http://www.webrtc.org/experiments/rtp-hdrext/playout-delay
      a=extmap:7 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
      a=fmtp:126 profile-level-id=42e01f;level-asymmetry-allowed=1;packetization-mode=1
      a=fmtp:97 profile-level-id=42e01f;level-asymmetry-allowed=1
      a=fmtp:120 max-fs=12288;max-fr=60
      a=fmtp:124 apt=120
      a=fmtp:121 max-fs=12288;max-fr=60
      a=fmtp:125 apt=121
      a=fmtp:127 apt=126
      a=fmtp:98 apt=97
      a=fmtp:119 apt=122
      a=ice-pwd:2a3f4e5d6c7b8a9f0e1d2c3b4a596877
      a=ice-ufrag:0c6e1a2f
      a=mid:1
      a=msid:{5f1a8e2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b} {0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9}
      a=rtcp-fb:120 nack
      a=rtcp-fb:120 nack pli
      a=rtcp-fb:120 ccm fir
      a=rtcp-fb:120 goog-remb
      a=rtcp-fb:120 transport-cc
      a=rtcp-fb:121 nack
      a=rtcp-fb:121 nack pli
      a=rtcp-fb:121 ccm fir
      a=rtcp-fb:121 goog-remb
      a=rtcp-fb:121 transport-cc
      a=rtcp-fb:126 nack
      a=rtcp-fb:126 nack pli
      a=rtcp-fb:126 ccm fir
      a=rtcp-fb:126 goog-remb
      a=rtcp-fb:126 transport-cc
      a=rtcp-fb:97 nack
      a=rtcp-fb:97 nack pli
      a=rtcp-fb:97 ccm fir
      a=rtcp-fb:97 goog-remb
      a=rtcp-fb:97 transport-cc
      a=rtcp-fb:123 nack
      a=rtcp-fb:123 nack pli
      a=rtcp-mux
      a=rtcp-rsize
      a=rtpmap:120 VP8/90000
      a=rtpmap:124 rtx/90000
      a=rtpmap:121 VP9/90000
      a=rtpmap:125 rtx/90000
      a=rtpmap:126 H264/90000
      a=rtpmap:127 rtx/90000
      a=rtpmap:97 H264/90000
      a=rtpmap:98 rtx/90000
      a=rtpmap:123 ulpfec/90000
      a=rtpmap:122 red/90000
      a=rtpmap:119 rtx/90000
      a=setup:actpass
      a=ssrc:3112526468 cname:{a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d}
      a=ssrc:1617224375 cname:{a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d}
      a=ssrc-group:FID 3112526468 1617224375
      """);

  /**
   * Captured from Debian's firefox-esr 153 (headless, fake devices): a publish offer of two
   * sendonly transceivers with bundlePolicy max-bundle. The video section is {@code bundle-only}
   * with port 0 (RFC 8843 section 6).
   */
  static final String FIREFOX_153_SENDONLY = crlf("""
      v=0
      o=mozilla...THIS_IS_SDPARTA-99.0 2327908962848024931 0 IN IP4 0.0.0.0
      s=-
      t=0 0
      a=sendrecv
      a=fingerprint:sha-256 9D:A4:D5:E5:8C:F9:6B:1B:DD:1E:60:49:58:A9:83:28:E5:4E:5D:A4:97:FF:E6:1D:19:4D:FF:96:8C:B8:4E:5F
      a=group:BUNDLE 0 1
      a=ice-options:trickle
      a=msid-semantic:WMS *
      m=audio 9 UDP/TLS/RTP/SAVPF 109 9 0 8 101
      c=IN IP4 0.0.0.0
      a=sendonly
      a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
      a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level
      a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
      a=extmap:7 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
      a=extmap-allow-mixed
      a=fmtp:109 maxplaybackrate=48000;stereo=1;useinbandfec=1
      a=fmtp:101 0-15
      a=ice-pwd:7fd21c510ac0117e341458f890fd658b
      a=ice-ufrag:a46a4caa
      a=mid:0
      a=msid:{330e429e-850d-4e00-9a97-74a87092513a} {8081b27d-425a-4cae-95c3-02b4bf8db19b}
      a=rtcp-fb:109 transport-cc
      a=rtcp-fb:9 transport-cc
      a=rtcp-fb:0 transport-cc
      a=rtcp-fb:8 transport-cc
      a=rtcp-mux
      a=rtpmap:109 opus/48000/2
      a=rtpmap:9 G722/8000/1
      a=rtpmap:0 PCMU/8000
      a=rtpmap:8 PCMA/8000
      a=rtpmap:101 telephone-event/8000
      a=setup:actpass
      a=ssrc:2157273206 cname:{115c720d-211e-41f7-a641-e0593bd3523a}
      m=video 0 UDP/TLS/RTP/SAVPF 120 124 121 125 99 100 123 122 119
      c=IN IP4 0.0.0.0
      a=bundle-only
      a=sendonly
      a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
      a=extmap:4 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
      a=extmap:5 urn:ietf:params:rtp-hdrext:toffset
      a=extmap:6/recvonly http://www.webrtc.org/experiments/rtp-hdrext/playout-delay
      a=extmap:7 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
      a=extmap-allow-mixed
      a=fmtp:120 max-fs=12288;max-fr=60
      a=fmtp:124 apt=120
      a=fmtp:121 max-fs=12288;max-fr=60
      a=fmtp:125 apt=121
      a=fmtp:100 apt=99
      a=fmtp:119 apt=122
      a=ice-pwd:7fd21c510ac0117e341458f890fd658b
      a=ice-ufrag:a46a4caa
      a=mid:1
      a=msid:{330e429e-850d-4e00-9a97-74a87092513a} {a4ba6a4d-666e-43ff-8041-5ac074426682}
      a=rtcp-fb:120 nack
      a=rtcp-fb:120 nack pli
      a=rtcp-fb:120 ccm fir
      a=rtcp-fb:120 goog-remb
      a=rtcp-fb:120 transport-cc
      a=rtcp-fb:121 nack
      a=rtcp-fb:121 nack pli
      a=rtcp-fb:121 ccm fir
      a=rtcp-fb:121 goog-remb
      a=rtcp-fb:121 transport-cc
      a=rtcp-fb:99 nack
      a=rtcp-fb:99 nack pli
      a=rtcp-fb:99 ccm fir
      a=rtcp-fb:99 goog-remb
      a=rtcp-fb:99 transport-cc
      a=rtcp-fb:123 nack
      a=rtcp-fb:123 nack pli
      a=rtcp-fb:123 ccm fir
      a=rtcp-fb:123 goog-remb
      a=rtcp-fb:123 transport-cc
      a=rtcp-fb:122 nack
      a=rtcp-fb:122 nack pli
      a=rtcp-fb:122 ccm fir
      a=rtcp-fb:122 goog-remb
      a=rtcp-fb:122 transport-cc
      a=rtcp-mux
      a=rtcp-rsize
      a=rtpmap:120 VP8/90000
      a=rtpmap:124 rtx/90000
      a=rtpmap:121 VP9/90000
      a=rtpmap:125 rtx/90000
      a=rtpmap:99 AV1/90000
      a=rtpmap:100 rtx/90000
      a=rtpmap:123 ulpfec/90000
      a=rtpmap:122 red/90000
      a=rtpmap:119 rtx/90000
      a=setup:actpass
      a=ssrc:70893874 cname:{115c720d-211e-41f7-a641-e0593bd3523a}
      a=ssrc:1814484061 cname:{115c720d-211e-41f7-a641-e0593bd3523a}
      a=ssrc-group:FID 70893874 1814484061
      """);

  private BrowserOffers() {}

  private static String crlf(String lf) {
    return lf.replace("\n", "\r\n");
  }
}
