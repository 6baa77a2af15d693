package org.slf4j.impl;

import io.github.flinko11y.logs.WrongClasspathOrder;
import org.slf4j.ILoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * Found only by SLF4J 1.7, which looks up this class by name; SLF4J 2 (bundled next to it) finds
 * logback through its service provider and never loads it. So this class loads only when SLF4J 1.7
 * comes first on the classpath, where it would otherwise find no binding and silently fall back to
 * a no-op logger: it says so loudly on stderr, with the fix, and then does what SLF4J 1.7 would.
 */
public final class StaticLoggerBinder {

    /** Read by SLF4J 1.7's version check. */
    public static String REQUESTED_API_VERSION = "1.7.36";

    private static final StaticLoggerBinder SINGLETON = new StaticLoggerBinder();

    static {
        WrongClasspathOrder.report(StaticLoggerBinder.class);
    }

    private final ILoggerFactory loggerFactory = new NOPLoggerFactory();

    private StaticLoggerBinder() {}

    public static StaticLoggerBinder getSingleton() {
        return SINGLETON;
    }

    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    public String getLoggerFactoryClassStr() {
        return NOPLoggerFactory.class.getName();
    }
}
