package io.github.flinko11y.exporter.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Files named by settings. Errors name the key and the path (paths are not secret), never the
 * content.
 */
public final class ConfigFiles {

    private ConfigFiles() {}

    /** The file {@code path} names, checked to exist and be readable now, at start. */
    public static Path readableFile(ExporterOption option, String path) {
        Path file;
        try {
            file = Paths.get(path);
        } catch (InvalidPathException e) {
            throw new ConfigException(option.fullKey() + ": \"" + path + "\" is not a valid path", e);
        }
        if (!Files.exists(file)) {
            throw new ConfigException(option.fullKey() + ": \"" + path + "\" does not exist; mount"
                    + " the file there or correct the path");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(option.fullKey() + ": \"" + path + "\" is not a file");
        }
        if (!Files.isReadable(file)) {
            throw new ConfigException(option.fullKey() + ": \"" + path + "\" cannot be read by the"
                    + " Flink process; check the file's owner and permissions");
        }
        return file;
    }

    /** All bytes of a file that {@link #readableFile} accepted; an I/O error names key and path. */
    public static byte[] read(ExporterOption option, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(option.fullKey() + ": \"" + file + "\" does not exist", e);
        } catch (IOException e) {
            throw new ConfigException(option.fullKey() + ": \"" + file + "\" could not be read ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * A password or token kept in a file, such as a mounted Kubernetes Secret: UTF-8, with trailing
     * line breaks removed (editors and {@code echo} add one).
     */
    static String readSecret(ExporterOption option, String path) {
        String text = new String(read(option, readableFile(option, path)), StandardCharsets.UTF_8);
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        if (end == 0) {
            throw new ConfigException(option.fullKey() + ": \"" + path + "\" is empty; it must hold"
                    + " the secret");
        }
        return text.substring(0, end);
    }
}
