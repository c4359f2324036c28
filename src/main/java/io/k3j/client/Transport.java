package io.k3j.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * How an {@link ApiClient} reaches an API server: one request in, status code, headers and body
 * out; {@link #stream} keeps the body open for watches. Implementations: {@link HttpTransport}
 * over HTTPS, and the server's in-process adapter. Implementations are thread-safe.
 */
public interface Transport {

    /** A request: method, path (no query), decoded query parameters, headers, body (may be empty). */
    record Request(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
                   byte[] body) {
    }

    /** A complete response; header names are lower-case. */
    record Response(int status, Map<String, String> headers, byte[] body) {
    }

    /**
     * A response whose body is still arriving. Closing it ends the request (and the server's
     * watch) and makes a blocked read return.
     */
    interface Stream extends AutoCloseable {

        int status();

        Map<String, String> headers();

        InputStream body();

        @Override
        void close();
    }

    /** Sends a request and reads the whole response. */
    Response send(Request request) throws IOException;

    /** Sends a request and returns as soon as the response head has arrived. */
    Stream stream(Request request) throws IOException;
}
