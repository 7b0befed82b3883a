package dev.warren.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.warren.engine.EngineException;
import dev.warren.engine.ImageSummary;
import dev.warren.engine.Labels;
import dev.warren.engine.NotFoundException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Images warren makes itself (snapshots): commit, list by label, remove. The commit goes to the engine's API
 * directly: docker-java sends labels only in the request body, which Podman's compatible API ignores, while both
 * engines apply {@code changes=LABEL ...} (measured: Docker 20.10, Podman 4.3).
 */
final class DockerImages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DockerClient client;

    DockerImages(DockerClient client) {
        this.client = client;
    }

    String commit(String container, String repository, String tag, Map<String, String> labels, boolean pause) {
        String doing = "Committing container " + container + " to image " + repository + ":" + tag;
        List<String> query = new ArrayList<>(List.of(param("container", container), param("repo", repository),
                param("tag", tag), param("pause", Boolean.toString(pause))));
        Labels.managed(labels).forEach((key, value) ->
                query.add(param("changes", "LABEL " + quoted(key) + "=" + quoted(value))));
        var request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST)
                .path("/commit?" + String.join("&", query))
                .putHeader("Content-Type", "application/json")
                .bodyBytes("{}".getBytes(StandardCharsets.UTF_8)) // Podman refuses an empty body
                .build();
        try (DockerHttpClient.Response response = http().execute(request)) {
            JsonNode answer = read(response.getBody());
            int status = response.getStatusCode();
            if (status == 404) {
                throw new NotFoundException(doing + " failed because it does not exist: " + message(answer) + ".");
            }
            if (status / 100 != 2) {
                throw new EngineException(doing + " failed: " + message(answer) + ".");
            }
            return answer.path("Id").asText();
        } catch (RuntimeException e) {
            throw Failures.translate(doing, e);
        }
    }

    void remove(String image) {
        try {
            client.removeImageCmd(image).withForce(false).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
            // Already gone: removal is idempotent.
        } catch (RuntimeException e) {
            throw Failures.translate("Removing image " + image, e);
        }
    }

    List<ImageSummary> list(Map<String, String> labels) {
        // The engine filters on the managed label alone: Podman 4.3 answers a filter of several labels wrongly
        // (nothing, or images with only some of them); the labels are all checked here.
        return Failures.call("Listing images", () -> client.listImagesCmd()
                        .withLabelFilter(Map.of(Labels.MANAGED, "true")).exec()).stream()
                .filter(image -> LabelFilter.matches(image.getLabels(), labels))
                .map(image -> new ImageSummary(image.getId(),
                        image.getRepoTags() == null ? List.of() : List.of(image.getRepoTags()), image.getLabels()))
                .toList();
    }

    private DockerHttpClient http() {
        if (client instanceof DockerClientImpl implementation) {
            return implementation.getHttpClient();
        }
        throw new IllegalStateException("The engine client " + client.getClass().getName()
                + " does not expose its HTTP client.");
    }

    private static JsonNode read(InputStream body) {
        try {
            byte[] bytes = body == null ? new byte[0] : body.readAllBytes();
            return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        } catch (IOException e) {
            throw new EngineException("The engine's answer to a commit could not be read: " + e.getMessage(), e);
        }
    }

    private static String message(JsonNode answer) {
        String message = answer.path("message").asText("no reason given").strip();
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    private static String param(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A Dockerfile word in double quotes, so that any label key or value survives the engine's parser. */
    private static String quoted(String word) {
        return "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
