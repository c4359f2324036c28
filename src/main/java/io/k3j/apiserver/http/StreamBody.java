package io.k3j.apiserver.http;

/** Writes a streamed response; runs on the request's virtual thread and may block until done. */
@FunctionalInterface
public interface StreamBody {

    void write(ResponseStream out) throws Exception;
}
