package dev.greenlight.probe;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Duration;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.Protocol;

/** Records when each phase of one HTTP call happened (monotonic nanoseconds). */
final class TimingListener extends EventListener {

    private final long start;
    private volatile long dnsStart;
    private volatile long dnsEnd;
    private volatile long connectStart;
    private volatile long connectEnd;
    private volatile long secureStart;
    private volatile long secureEnd;
    private volatile long firstByte;

    TimingListener(long start) {
        this.start = start;
    }

    @Override
    public void dnsStart(Call call, String domainName) {
        dnsStart = System.nanoTime();
    }

    @Override
    public void dnsEnd(Call call, String domainName, java.util.List<java.net.InetAddress> addresses) {
        dnsEnd = System.nanoTime();
    }

    @Override
    public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
        connectStart = System.nanoTime();
    }

    @Override
    public void secureConnectStart(Call call) {
        secureStart = System.nanoTime();
        if (connectEnd == 0) {
            connectEnd = secureStart; // TCP is up once TLS starts
        }
    }

    @Override
    public void secureConnectEnd(Call call, Handshake handshake) {
        secureEnd = System.nanoTime();
    }

    @Override
    public void connectEnd(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol) {
        if (connectEnd == 0 || secureStart == 0) {
            connectEnd = System.nanoTime();
        }
    }

    @Override
    public void responseHeadersStart(Call call) {
        if (firstByte == 0) {
            firstByte = System.nanoTime();
        }
    }

    /** TCP was established (the failure, if any, came after connecting). */
    boolean connected() {
        return connectEnd != 0 || secureStart != 0;
    }

    /** The TLS handshake began and did not finish. */
    boolean tlsUnfinished() {
        return secureStart != 0 && secureEnd == 0;
    }

    Timings timings(long end) {
        return new Timings(span(dnsStart, dnsEnd), span(connectStart, connectEnd), span(secureStart, secureEnd),
                firstByte == 0 ? null : Duration.ofNanos(firstByte - start), Duration.ofNanos(end - start));
    }

    private static Duration span(long from, long to) {
        return from == 0 || to == 0 ? null : Duration.ofNanos(to - from);
    }
}
