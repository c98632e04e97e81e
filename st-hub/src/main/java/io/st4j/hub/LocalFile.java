package io.st4j.hub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file to upload: its path in the repository, size, sha256 (its LFS oid), git blob sha1 (its oid as a
 * regular file) and first 512 bytes (the preupload sample).
 */
record LocalFile(String pathInRepo, Path file, long size, String sha256, String gitSha1, byte[] sample) {

    static LocalFile of(String pathInRepo, Path file) throws IOException {
        long size = Files.size(file);
        byte[] sample;
        try (InputStream in = Files.newInputStream(file)) {
            sample = in.readNBytes(512);
        }
        return new LocalFile(RepoIds.checkPath(pathInRepo), file, size, HubFiles.digest(file, "SHA-256", null),
                HubFiles.digest(file, "SHA-1", ("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII)), sample);
    }
}
