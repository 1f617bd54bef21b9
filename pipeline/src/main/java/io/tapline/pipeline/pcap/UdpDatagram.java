package io.tapline.pipeline.pcap;

/**
 * One UDP datagram taken from (or written to) a capture file.
 *
 * @param timeMicros capture time, microseconds since the Unix epoch
 * @param source IPv4 source address, dotted
 * @param destination IPv4 destination address, dotted
 */
public record UdpDatagram(
    long timeMicros, String source, int sourcePort, String destination, int destinationPort, byte[] payload) {}
