package io.github.flinko11y.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client over loopback, in the benchmark's own thread: sends {@code GET
 * /metrics}, reads the whole body (chunked or with a length) and throws the bytes away unless asked
 * to keep them. Small and allocation-free per chunk, so that it disturbs the measurement little;
 * its own CPU time and allocation are subtracted anyway.
 */
final class ScrapeClient {

    /** What one scrape returned. */
    record Response(int status, long bodyBytes, boolean gzip, long nanos) {}

    private static final int TIMEOUT_MILLIS = 300_000;

    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;

    Response scrape(int port, boolean acceptGzip, OutputStream keepBody) throws IOException {
        byte[] request =
                ("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                                + (acceptGzip ? "Accept-Encoding: gzip\r\n" : "")
                                + "Connection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            position = 0;
            limit = 0;

            String statusLine = readLine(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            long contentLength = -1;
            boolean chunked = false;
            boolean gzip = false;
            for (String header = readLine(in); !header.isEmpty(); header = readLine(in)) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    contentLength = Long.parseLong(value);
                } else if (name.equals("transfer-encoding")) {
                    chunked = value.equalsIgnoreCase("chunked");
                } else if (name.equals("content-encoding")) {
                    gzip = value.equalsIgnoreCase("gzip");
                }
            }
            long body;
            if (chunked) {
                body = 0;
                for (long size = chunkSize(readLine(in)); size > 0; size = chunkSize(readLine(in))) {
                    body += readBody(in, size, keepBody);
                    readLine(in); // CRLF after the chunk
                }
                while (!readLine(in).isEmpty()) {
                    // trailers
                }
            } else if (contentLength >= 0) {
                body = readBody(in, contentLength, keepBody);
            } else {
                body = readBody(in, Long.MAX_VALUE, keepBody);
            }
            return new Response(status, body, gzip, System.nanoTime() - start);
        }
    }

    private static long chunkSize(String line) {
        int semicolon = line.indexOf(';');
        return Long.parseLong(semicolon < 0 ? line.trim() : line.substring(0, semicolon).trim(), 16);
    }

    /** Reads up to {@code length} bytes (to end of stream when unknown); returns how many. */
    private long readBody(InputStream in, long length, OutputStream keep) throws IOException {
        long read = 0;
        while (read < length) {
            if (position == limit && !fill(in)) {
                if (length == Long.MAX_VALUE) {
                    return read;
                }
                throw new EOFException("body ended after " + read + " of " + length + " bytes");
            }
            int n = (int) Math.min(limit - position, length - read);
            if (keep != null) {
                keep.write(buffer, position, n);
            }
            position += n;
            read += n;
        }
        return read;
    }

    private String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(32);
        while (true) {
            if (position == limit && !fill(in)) {
                throw new EOFException("connection closed in the middle of the response head");
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) (b & 0xff));
        }
    }

    private boolean fill(InputStream in) throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
