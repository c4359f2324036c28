package io.k3j.apiserver.http;

/**
 * Told when the HTTP server starts and finishes handling a request from a remote client (for a
 * watch or other stream, until the handler hands over the stream). Must be quick and thread-safe.
 */
public interface RequestGauge {

    RequestGauge NONE = new RequestGauge() {
        @Override
        public void started() {
        }

        @Override
        public void finished() {
        }
    };

    void started();

    void finished();
}
