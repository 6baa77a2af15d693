package io.github.flinko11y.exporter.http;

import java.io.IOException;

/** Answers one request. An {@link IOException} means the client is gone: the connection is closed. */
@FunctionalInterface
public interface RequestHandler {
    void handle(Exchange exchange) throws IOException;
}
