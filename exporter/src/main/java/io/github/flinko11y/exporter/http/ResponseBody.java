package io.github.flinko11y.exporter.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A response body on a connection that outlives it: closing ends the body (the last chunk, or a
 * check that the announced length was written), never the connection.
 */
abstract class ResponseBody extends OutputStream {

    private boolean closed;

    static ResponseBody fixed(OutputStream connection, long length) {
        return new Fixed(connection, length);
    }

    /** {@code chunk}: from {@link #chunkSpace()}, reused by the responses of one connection in turn. */
    static ResponseBody chunked(OutputStream connection, byte[] chunk) {
        return new Chunked(connection, chunk);
    }

    /** Room for one chunk with its size line and CRLF. */
    static byte[] chunkSpace() {
        return new byte[Chunked.HEAD_ROOM + Chunked.CHUNK + 2];
    }

    /** For HEAD: the handler writes its body as for GET, and none of it is sent. */
    static ResponseBody discarding() {
        return new ResponseBody() {
            @Override
            void append(byte[] bytes, int offset, int length) {}

            @Override
            void end() {}
        };
    }

    @Override
    public final void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public final void write(byte[] bytes, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("the response body is closed");
        }
        if (length > 0) {
            append(bytes, offset, length);
        }
    }

    @Override
    public final void close() throws IOException {
        if (!closed) {
            closed = true;
            end();
        }
    }

    abstract void append(byte[] bytes, int offset, int length) throws IOException;

    abstract void end() throws IOException;

    /** Exactly the announced number of bytes; more is refused, fewer breaks the connection. */
    private static final class Fixed extends ResponseBody {
        private final OutputStream connection;
        private long left;

        Fixed(OutputStream connection, long length) {
            this.connection = connection;
            this.left = length;
        }

        @Override
        void append(byte[] bytes, int offset, int length) throws IOException {
            if (length > left) {
                throw new IOException("the body is longer than its Content-Length");
            }
            left -= length;
            connection.write(bytes, offset, length);
        }

        @Override
        void end() throws IOException {
            if (left != 0) {
                throw new IOException("the body ended " + left + " bytes short of its Content-Length");
            }
        }
    }

    /**
     * Chunked transfer coding. Writes are gathered into chunks of up to 64 KB, each sent as one
     * write with its size line and CRLF around it.
     */
    private static final class Chunked extends ResponseBody {
        private static final int CHUNK = 64 * 1024;
        /** Room for the size line: up to 8 hex digits and CRLF. */
        private static final int HEAD_ROOM = 10;
        private static final byte[] LAST = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        private final OutputStream connection;
        private final byte[] chunk;
        private int size;

        Chunked(OutputStream connection, byte[] chunk) {
            if (chunk.length != HEAD_ROOM + CHUNK + 2) {
                throw new IllegalArgumentException("a chunk space is " + (HEAD_ROOM + CHUNK + 2) + " bytes");
            }
            this.connection = connection;
            this.chunk = chunk;
        }

        @Override
        void append(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                int n = Math.min(length, CHUNK - size);
                System.arraycopy(bytes, offset, chunk, HEAD_ROOM + size, n);
                size += n;
                offset += n;
                length -= n;
                if (size == CHUNK) {
                    sendChunk();
                }
            }
        }

        @Override
        public void flush() throws IOException {
            sendChunk();
            connection.flush();
        }

        private void sendChunk() throws IOException {
            if (size == 0) {
                return;
            }
            byte[] sizeLine = (Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            int start = HEAD_ROOM - sizeLine.length;
            System.arraycopy(sizeLine, 0, chunk, start, sizeLine.length);
            chunk[HEAD_ROOM + size] = '\r';
            chunk[HEAD_ROOM + size + 1] = '\n';
            connection.write(chunk, start, sizeLine.length + size + 2);
            size = 0;
        }

        @Override
        void end() throws IOException {
            sendChunk();
            connection.write(LAST);
        }
    }
}
