package io.st4j.hub;

/**
 * The result of a commit.
 *
 * @param commitUrl the commit's page on the Hub
 * @param commitOid the new commit's hash
 * @param pullRequestUrl the pull request's page when the commit opened one, else null
 */
public record CommitInfo(String commitUrl, String commitOid, String pullRequestUrl) {
}
