package io.st4j.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Hub's JSON API: repository info, tree listing (paginated), repository and branch creation. */
final class HubApi {

    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    private final HubHttp http;

    HubApi(HubHttp http) {
        this.http = http;
    }

    /** {@code GET /api/{models|datasets|spaces}/{id}/revision/{revision}}. */
    RepoInfo repoInfo(RepoType type, String repoId, String revision) throws IOException {
        Target target = Target.repo(type, RepoIds.check(repoId), revision);
        String path = "/api/" + type.plural() + "/" + repoId
                + (revision == null ? "" : "/revision/" + UrlPaths.segment(revision));
        JsonNode json = http.sendJson(HubHttp.Call.of("GET", http.endpointUri(path), http.config().etagTimeout()),
                target);
        if (!json.hasNonNull("sha") || !json.has("siblings")) {
            throw new HubException("The Hub's answer for " + target.describe() + " lacks 'sha' or 'siblings': "
                    + abbreviate(json.toString()));
        }
        List<String> siblings = new ArrayList<>();
        json.get("siblings").forEach(s -> siblings.add(s.get("rfilename").asText()));
        List<String> tags = new ArrayList<>();
        json.path("tags").forEach(t -> tags.add(t.asText()));
        return new RepoInfo(json.path("id").asText(repoId), json.get("sha").asText(), siblings,
                json.path("private").asBoolean(false), tags);
    }

    /** {@code GET /api/{type}s/{id}/tree/{revision}[/{path}]}, following {@code Link: <...>; rel="next"}. */
    List<RepoFile> listTree(RepoType type, String repoId, String revision, String pathInRepo, boolean recursive)
            throws IOException {
        Target target = new Target(type, RepoIds.check(repoId), revision, pathInRepo);
        String path = "/api/" + type.plural() + "/" + repoId + "/tree/" + UrlPaths.segment(revision)
                + (pathInRepo == null || pathInRepo.isEmpty() ? "" : "/" + UrlPaths.segment(pathInRepo))
                + "?recursive=" + recursive + "&expand=false";
        List<RepoFile> files = new ArrayList<>();
        URI next = http.endpointUri(path);
        while (next != null) {
            HttpResponse<InputStream> response = http.sendChecked(
                    HubHttp.Call.of("GET", next, http.config().etagTimeout()).header("Accept", "application/json"),
                    target);
            JsonNode page;
            try (InputStream body = response.body()) {
                page = HubHttp.JSON.readTree(body);
            }
            for (JsonNode entry : page) {
                JsonNode lfs = entry.get("lfs");
                files.add(new RepoFile(entry.path("type").asText(), entry.path("path").asText(),
                        entry.path("size").asLong(0), entry.path("oid").asText(null),
                        lfs == null || lfs.isNull() ? null
                                : new RepoFile.Lfs(lfs.path("oid").asText(), lfs.path("size").asLong(),
                                        lfs.path("pointerSize").asLong())));
            }
            next = nextPage(response, next);
        }
        return files;
    }

    /** {@code GET /api/whoami-v2}: the name of the token's owner. */
    String whoami() throws IOException {
        JsonNode json = http.sendJson(HubHttp.Call.of("GET", http.endpointUri("/api/whoami-v2"),
                http.config().etagTimeout()), new Target(null, null, null, "/api/whoami-v2"));
        if (!json.hasNonNull("name")) {
            throw new HubException("The Hub's answer to whoami lacks 'name': " + abbreviate(json.toString()));
        }
        return json.get("name").asText();
    }

    /**
     * {@code POST /api/repos/create}; a 409 (already exists) is fine when {@code existOk}.
     *
     * @return the repository's URL
     */
    String createRepo(RepoType type, String repoId, boolean isPrivate, boolean existOk) throws IOException {
        Target target = Target.repo(type, RepoIds.check(repoId), null);
        int slash = repoId.indexOf('/');
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("name", slash < 0 ? repoId : repoId.substring(slash + 1));
        payload.put("organization", slash < 0 ? null : repoId.substring(0, slash));
        if (type != RepoType.MODEL) {
            payload.put("type", type.value());
        }
        payload.put("private", isPrivate);
        HubHttp.Call call = HubHttp.Call.of("POST", http.endpointUri("/api/repos/create"),
                http.config().etagTimeout()).json(payload).noRetry();
        HttpResponse<InputStream> response = http.send(call);
        if (response.statusCode() == 409 && existOk) {
            response.body().close();
        } else if (response.statusCode() == 403 && existOk) {
            // No right to create in this namespace; fine if the repository already exists (as huggingface_hub).
            try {
                http.raiseForStatus(response, target);
            } catch (HubHttpException forbidden) {
                try {
                    repoInfo(type, repoId, null);
                } catch (HubHttpException missing) {
                    throw forbidden;
                }
            }
        } else {
            http.raiseForStatus(response, target);
            response.body().close();
        }
        return http.config().endpoint() + "/" + type.urlPrefix() + repoId;
    }

    /**
     * {@code POST /api/{type}s/{id}/branch/{branch}}: a branch from the default branch's head; a 409
     * (already exists) is fine when {@code existOk}.
     */
    void createBranch(RepoType type, String repoId, String branch, boolean existOk) throws IOException {
        Target target = Target.repo(type, RepoIds.check(repoId), branch);
        String path = "/api/" + type.plural() + "/" + repoId + "/branch/" + UrlPaths.segment(branch);
        HubHttp.Call call = HubHttp.Call.of("POST", http.endpointUri(path), http.config().etagTimeout())
                .json(Map.of()).noRetry();
        HttpResponse<InputStream> response = http.send(call);
        if (response.statusCode() == 409 && existOk) {
            response.body().close();
        } else {
            http.raiseForStatus(response, target);
            response.body().close();
        }
    }

    private static URI nextPage(HttpResponse<?> response, URI current) {
        for (String link : response.headers().allValues("Link")) {
            Matcher m = NEXT_LINK.matcher(link);
            if (m.find()) {
                return current.resolve(m.group(1));
            }
        }
        return null;
    }

    static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
