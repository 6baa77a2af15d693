package io.github.flinko11y.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The test fixture catalog (src/test/resources/fixture), with values of its own, never the repository's. */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    static Path directory() {
        try {
            return Path.of(Fixtures.class.getResource("/fixture/labels.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Catalog catalog() {
        return Catalog.load(directory());
    }

    /** The fixture's files, to change one value and load the result. */
    static ObjectNode files() {
        return Catalog.read(directory());
    }
}
