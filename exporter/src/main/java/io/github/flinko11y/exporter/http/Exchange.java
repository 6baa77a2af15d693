package io.github.flinko11y.exporter.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One request and its response. A handler reads the request, sets response headers, calls {@link
 * #sendHeaders(int, long)} once and writes the body; the connection completes it afterwards.
 */
public final class Exchange {

    /** {@link #sendHeaders(int, long)}: a body of unknown length, sent chunked. */
    public static final long CHUNKED = 0;
    /** {@link #sendHeaders(int, long)}: no body. */
    public static final long NO_BODY = -1;

    private final RequestHead request;
    private final InetSocketAddress client;
    private final OutputStream connection;
    private final boolean keepAlive;
    private final Supplier<byte[]> chunkSpace;
    private final Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
    private ResponseBody body;

    /** {@code chunkSpace}: the connection's space for a chunked body, made on first use. */
    Exchange(RequestHead request, InetSocketAddress client, OutputStream connection, Supplier<byte[]> chunkSpace) {
        this.request = request;
        this.client = client;
        this.connection = connection;
        this.keepAlive = request.allowsAnotherRequest();
        this.chunkSpace = chunkSpace;
    }

    public String method() {
        return request.method();
    }

    /** The decoded request path. */
    public String path() {
        return request.path();
    }

    /** The query as sent (percent-encoded), or null. */
    public String rawQuery() {
        return request.rawQuery();
    }

    /** The first value of a request header (any case), or null. */
    public String header(String name) {
        return request.header(name);
    }

    /** Every value of a request header, in the order sent; empty when absent. */
    public List<String> headers(String name) {
        return request.headers(name);
    }

    public InetSocketAddress client() {
        return client;
    }

    /** Sets a response header, replacing any value it had. */
    public void setHeader(String name, String value) {
        List<String> values = new ArrayList<>(1);
        values.add(value);
        responseHeaders.put(name, values);
    }

    /** Adds a value to a response header. */
    public void addHeader(String name, String value) {
        responseHeaders.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
    }

    /**
     * Sends the status line and headers. {@code length}: the body's exact length, {@link #CHUNKED}
     * for a body of unknown length or {@link #NO_BODY}. A HEAD request gets the same headers and no
     * body: what is written to it is dropped.
     */
    public void sendHeaders(int status, long length) throws IOException {
        if (body != null) {
            throw new IllegalStateException("the response headers were sent already");
        }
        boolean head = request.method().equals("HEAD");
        ResponseHead out = new ResponseHead(status);
        responseHeaders.forEach((name, values) -> {
            for (String value : values) {
                out.header(name, value);
            }
        });
        if (length > 0) {
            out.header("Content-Length", length);
        } else if (length == CHUNKED && !head) {
            out.header("Transfer-Encoding", "chunked");
        } else if (!head) {
            out.header("Content-Length", 0);
        }
        if (!keepAlive) {
            out.header("Connection", "close");
        }
        out.writeTo(connection);
        if (head) {
            body = ResponseBody.discarding();
        } else if (length == NO_BODY) {
            body = ResponseBody.fixed(connection, 0);
        } else if (length == CHUNKED) {
            body = ResponseBody.chunked(connection, chunkSpace.get());
        } else {
            body = ResponseBody.fixed(connection, length);
        }
    }

    /** The response body; {@link #sendHeaders(int, long)} first. Closing it ends the body, not the connection. */
    public OutputStream body() {
        if (body == null) {
            throw new IllegalStateException("send the response headers first");
        }
        return body;
    }

    boolean headersSent() {
        return body != null;
    }

    /** Whether the connection may carry another request once this response is complete. */
    boolean keepAlive() {
        return keepAlive;
    }

    /** Ends the body (a handler may have closed it already) and pushes the response out. */
    void complete() throws IOException {
        body.close();
        connection.flush();
    }
}
