package io.github.flinko11y.catalog;

/** Something in {@code catalog/} is missing, malformed or refers to nothing; the message names the file, the place and the fix. */
public final class CatalogException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public CatalogException(String message) {
        super(message);
    }

    CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
