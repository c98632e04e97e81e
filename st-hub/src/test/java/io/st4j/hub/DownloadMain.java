package io.st4j.hub;

import java.nio.file.Path;

/** Run in a second JVM by the tests: downloads one file into a shared cache and prints its path. */
public final class DownloadMain {

    private DownloadMain() {
    }

    public static void main(String[] args) throws Exception {
        HubConfig config = HubConfig.builder().endpoint(args[0]).cacheDir(Path.of(args[1])).token(args[4]).build();
        System.out.println(new HubClient(config).downloadFile(RepoType.MODEL, args[2], args[3], null));
    }
}
