package io.st4j.hub;

import java.util.List;

/**
 * A repository at a revision ({@code GET /api/models/{id}/revision/{revision}}).
 *
 * @param sha the commit the revision resolved to
 * @param siblings the paths of every file at that commit
 */
public record RepoInfo(String id, String sha, List<String> siblings, boolean isPrivate, List<String> tags) {

    public RepoInfo {
        siblings = List.copyOf(siblings);
        tags = List.copyOf(tags);
    }
}
