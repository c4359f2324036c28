package io.k3j.client;

import io.k3j.pki.ClientTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;

/**
 * A {@link Transport} over HTTPS with the JDK's HttpClient, trusting the cluster CA and
 * authenticating with a client certificate or a bearer token. Thread-safe.
 */
public final class HttpTransport implements Transport {

    private final HttpClient http;
    private final URI server;
    private final String bearerToken;
    private final Duration requestTimeout;

    public HttpTransport(URI server, SSLContext tls, String bearerToken, Duration requestTimeout) {
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        this.server = server;
        this.bearerToken = bearerToken;
        this.requestTimeout = requestTimeout;
    }

    /** Authenticates with a client certificate ({@code certPem}/{@code keyPem}), trusting {@code caPem}. */
    public static HttpTransport withClientCertificate(URI server, String caPem, String certPem, String keyPem) {
        return new HttpTransport(server, ClientTls.context(caPem, certPem, keyPem), null, Duration.ofSeconds(60));
    }

    /** Authenticates with a bearer token, trusting {@code caPem}. */
    public static HttpTransport withToken(URI server, String caPem, String token) {
        return new HttpTransport(server, ClientTls.context(caPem, null, null), token, Duration.ofSeconds(60));
    }

    @Override
    public Response send(Request request) throws IOException {
        HttpResponse<byte[]> r = exchange(build(request, true), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), headers(r), r.body());
    }

    @Override
    public Stream stream(Request request) throws IOException {
        HttpResponse<InputStream> r = exchange(build(request, false), HttpResponse.BodyHandlers.ofInputStream());
        Map<String, String> headers = headers(r);
        return new Stream() {
            @Override
            public int status() {
                return r.statusCode();
            }

            @Override
            public Map<String, String> headers() {
                return headers;
            }

            @Override
            public InputStream body() {
                return r.body();
            }

            @Override
            public void close() {
                try {
                    r.body().close();
                } catch (IOException ignored) {
                    // already gone
                }
            }
        };
    }

    private <T> HttpResponse<T> exchange(HttpRequest req, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(req, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    private HttpRequest build(Request r, boolean timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.resolve(r.path() + queryString(r.query())));
        r.headers().forEach(b::header);
        if (bearerToken != null) {
            b.header("Authorization", "Bearer " + bearerToken);
        }
        if (timeout && requestTimeout != null) {
            b.timeout(requestTimeout);
        }
        byte[] bytes = r.body();
        HttpRequest.BodyPublisher body = bytes == null || bytes.length == 0
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes);
        return b.method(r.method(), body).build();
    }

    static String queryString(Map<String, List<String>> query) {
        if (query.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        query.forEach((k, values) -> {
            for (String v : values) {
                s.append(s.isEmpty() ? '?' : '&').append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                        .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return s.toString();
    }

    private static Map<String, String> headers(HttpResponse<?> r) {
        Map<String, String> h = new TreeMap<>();
        r.headers().map().forEach((k, v) -> {
            if (!v.isEmpty()) {
                h.put(k.toLowerCase(Locale.ROOT), v.getFirst());
            }
        });
        return h;
    }
}
