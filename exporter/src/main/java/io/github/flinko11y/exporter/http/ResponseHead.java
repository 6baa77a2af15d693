package io.github.flinko11y.exporter.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A response's status line and headers, written in one piece: the one encoding of a response head. */
final class ResponseHead {

    private final StringBuilder text = new StringBuilder(256);

    ResponseHead(int status) {
        text.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
    }

    ResponseHead header(String name, Object value) {
        text.append(name).append(": ").append(value).append("\r\n");
        return this;
    }

    /** Ends the head with its empty line and writes it. */
    void writeTo(OutputStream out) throws IOException {
        text.append("\r\n");
        out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 431: return "Request Header Fields Too Large";
            case 500: return "Internal Server Error";
            case 505: return "HTTP Version Not Supported";
            default: return "Status";
        }
    }
}
