package io.st4j.core;

/** The st4j release, from the jar manifest (or "dev" when run from classes). */
final class Version {

    private Version() {
    }

    static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}
