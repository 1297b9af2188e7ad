package org.pdsup.daemon.supervisor.probe;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Passes when a GET of the URL answers 2xx within the timeout (redirects are not followed) and, when
 * {@code expectBody} is set, the first {@value #MAX_BODY} bytes of the body contain it. One HTTP client serves every
 * probe of the daemon, made at the first HTTP check.
 */
public final class HttpProbe implements Probe {
    /** Bytes of the body kept for {@code expect-body}; the rest is read and dropped. */
    static final int MAX_BODY = 64 * 1024;

    private static final class Client {
        static final HttpClient INSTANCE = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    private final URI url;
    private final Duration timeout;
    private final String expectBody;

    public HttpProbe(URI url, Duration timeout, String expectBody) {
        this.url = url;
        this.timeout = timeout;
        this.expectBody = expectBody;
    }

    @Override
    public ProbeResult run() {
        Instant at = Instant.now();
        long t0 = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(url).GET().timeout(timeout)
                .header("User-Agent", "pdsupd-health-check").build();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        CompletableFuture<HttpResponse<Void>> answer;
        try {
            answer = Client.INSTANCE.sendAsync(request, HttpResponse.BodyHandlers.ofByteArrayConsumer(chunk ->
                    chunk.ifPresent(bytes -> {
                        int room = MAX_BODY - body.size();
                        if (room > 0) body.write(bytes, 0, Math.min(room, bytes.length));
                    })));
        } catch (RuntimeException e) {
            return ProbeResult.of(false, describe() + ": " + Timeouts.reason(e), at, t0);
        }
        HttpResponse<Void> response;
        try {
            response = answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return ProbeResult.of(false, describe() + ": no answer within " + Timeouts.format(timeout), at, t0);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof java.net.http.HttpTimeoutException
                    ? "no answer within " + Timeouts.format(timeout)
                    : cause instanceof java.net.ConnectException ? "connection refused"
                    : cause instanceof Exception ex ? Timeouts.reason(ex) : String.valueOf(cause);
            return ProbeResult.of(false, describe() + ": " + why, at, t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            return ProbeResult.of(false, describe() + ": interrupted", at, t0);
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            return ProbeResult.of(false, describe() + ": HTTP " + status, at, t0);
        }
        if (expectBody != null) {
            String text;
            synchronized (body) {
                text = body.toString(StandardCharsets.UTF_8);
            }
            if (!text.contains(expectBody)) {
                return ProbeResult.of(false, describe() + ": HTTP " + status + " without \"" + expectBody
                        + "\" in the body", at, t0);
            }
        }
        return ProbeResult.of(true, describe() + ": HTTP " + status, at, t0);
    }

    @Override
    public String describe() {
        return "GET " + url;
    }
}
