package dev.mlxgguf.testkit.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A response as a test sees it.
 *
 * @param status  HTTP status
 * @param headers response headers
 * @param body    body text
 */
public record HttpReply(int status, Map<String, List<String>> headers, String body) {

    /**
     * The first value of a header, case-insensitively.
     *
     * @param name header name
     * @return the value, if present
     */
    public Optional<String> header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).findFirst();
    }

    /** {@return the {@code data:} payloads of an SSE body, in order, including {@code [DONE]}} */
    public List<String> events() {
        List<String> data = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.startsWith("data: ")) {
                data.add(block.substring(6));
            }
        }
        return data;
    }
}
