package io.github.flinko11y.demo.fault;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the demo's fault from a file that an operator (or the end-to-end test) writes while the job
 * runs: {@code echo restart-loop > FILE}, then {@code rm FILE} to heal. Every parallel instance of a
 * function holds its own switch and looks at the file at most every {@value #RECHECK_MILLIS} ms, so
 * the hot path costs a clock read. A missing file means healthy; an unreadable word is reported once
 * and treated as healthy rather than failing the job for a typo.
 */
public final class FaultSwitch implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FaultSwitch.class);
    static final long RECHECK_MILLIS = 500;

    private final String path;
    private transient long nextCheckNanos;
    private transient Fault current;
    private transient String lastProblem;

    private FaultSwitch(String path) {
        this.path = path;
    }

    /** A switch on the given file; {@code null} or empty gives one that is always healthy. */
    public static FaultSwitch onFile(String path) {
        return new FaultSwitch(path == null || path.isEmpty() ? null : path);
    }

    public boolean is(Fault fault) {
        return current() == fault;
    }

    public Fault current() {
        if (path == null) {
            return Fault.NONE;
        }
        long now = System.nanoTime();
        if (current == null || now - nextCheckNanos >= 0) {
            nextCheckNanos = now + RECHECK_MILLIS * 1_000_000;
            current = read(Paths.get(path));
        }
        return current;
    }

    private Fault read(Path file) {
        try {
            return Fault.parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (NoSuchFileException healthy) {
            return Fault.NONE;
        } catch (IllegalArgumentException problem) {
            reportOnce(file + ": " + problem.getMessage());
            return Fault.NONE;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fault file " + file, e);
        }
    }

    private void reportOnce(String problem) {
        if (!problem.equals(lastProblem)) {
            lastProblem = problem;
            LOG.warn("Demo fault switch: {}", problem);
        }
    }
}
