package io.st4j.hub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A file to upload: its path in the repository, size, sha256 (its LFS oid), git blob sha1 (its oid as a
 * regular file) and first 512 bytes (the preupload sample). Both hashes are computed in one read.
 */
record LocalFile(String pathInRepo, Path file, long size, String sha256, String gitSha1, byte[] sample) {

    static LocalFile of(String pathInRepo, Path file) throws IOException {
        long size = Files.size(file);
        MessageDigest sha256;
        MessageDigest sha1;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 and SHA-1 must be available in every JVM", e);
        }
        sha1.update(("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
        byte[] sample = new byte[0];
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (sample.length < 512) {
                    int old = sample.length;
                    sample = Arrays.copyOf(sample, Math.min(512, old + n));
                    System.arraycopy(buffer, 0, sample, old, sample.length - old);
                }
                sha256.update(buffer, 0, n);
                sha1.update(buffer, 0, n);
            }
        }
        HexFormat hex = HexFormat.of();
        return new LocalFile(RepoIds.checkPath(pathInRepo), file, size, hex.formatHex(sha256.digest()),
                hex.formatHex(sha1.digest()), sample);
    }
}
