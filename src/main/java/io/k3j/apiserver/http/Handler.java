package io.k3j.apiserver.http;

/** Answers one request; runs on a virtual thread, so it may block. */
@FunctionalInterface
public interface Handler {

    ApiResponse handle(ApiRequest request) throws Exception;
}
