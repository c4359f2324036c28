package io.k3j.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * How an {@link ApiClient} reaches an API server: one request in, status code, headers and body
 * out; {@link #stream} keeps the body open for watches. Implementations: {@link HttpTransport}
 * over HTTPS, and the server's in-process adapter. Implementations are thread-safe.
 */
public interface Transport {

    /**
     * A request: method, path (no query), decoded query parameters, headers, body (may be empty).
     * A JSON body may be given as its {@code object} instead, encoded when the body is read; a
     * transport inside the server hands the server a copy of it.
     */
    record Request(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
                   byte[] body, ObjectNode object) {

        public Request(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
                       byte[] body) {
            this(method, path, query, headers, body, null);
        }

        @Override
        public byte[] body() {
            return body == null ? object == null ? new byte[0] : io.k3j.api.Json.bytes(object) : body;
        }
    }

    /**
     * A complete response; header names are lower-case. A transport inside the server may give
     * the JSON object itself ({@code object}, the client's to keep) and encode the body only when
     * it is read.
     */
    record Response(int status, Map<String, String> headers, byte[] body, ObjectNode object) {

        public Response(int status, Map<String, String> headers, byte[] body) {
            this(status, headers, body, null);
        }

        @Override
        public byte[] body() {
            return body == null && object != null ? io.k3j.api.Json.bytes(object) : body;
        }
    }

    /**
     * A response whose body is still arriving. Closing it ends the request (and the server's
     * watch) and makes a blocked read return.
     */
    interface Stream extends AutoCloseable {

        int status();

        Map<String, String> headers();

        InputStream body();

        /**
         * Whether the body can also be read chunk by chunk with {@link #nextChunk}, watch events
         * arriving as {@link SharedEvent}s (streams from inside the server).
         */
        default boolean chunked() {
            return false;
        }

        /**
         * The next chunk: a {@code byte[]} of JSON lines or a {@link SharedEvent}; null at the end.
         * Only when {@link #chunked}; a stream is read either this way or through {@link #body}.
         */
        default Object nextChunk() throws IOException {
            throw new UnsupportedOperationException("not a chunked stream");
        }

        @Override
        void close();
    }

    /**
     * A watch event handed over by a server in the same process: the event type and the
     * server's own copy of the object, which must not be modified.
     */
    record SharedEvent(String type, ObjectNode object) {
    }

    /** Sends a request and reads the whole response. */
    Response send(Request request) throws IOException;

    /** Sends a request and returns as soon as the response head has arrived. */
    Stream stream(Request request) throws IOException;
}
