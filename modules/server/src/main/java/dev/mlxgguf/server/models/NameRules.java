package dev.mlxgguf.server.models;

import dev.mlxgguf.api.InvalidRequestException;

/**
 * Checks names that clients send for models, adapters and slots before anything looks them up.
 * A name that passes is still only ever matched against a directory listing, never joined to a path.
 */
final class NameRules {

    private static final int MAX_NAME = 255;

    private NameRules() {
    }

    /**
     * Rejects names that can never be a plain entry of a folder.
     *
     * @param name  the name
     * @param param the request field it came from
     * @throws InvalidRequestException if the name is empty, too long, a path, or starts with '-' or '.'
     */
    static void checkEntryName(String name, String param) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException(param + " must not be empty", param);
        }
        if (name.length() > MAX_NAME) {
            throw new InvalidRequestException(param + " is too long", param);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f || c == ':' && i == 1) {
                throw new InvalidRequestException(param + " must be a plain name, not a path", param);
            }
        }
        if (name.startsWith(".") || name.startsWith("-")) {
            throw new InvalidRequestException(param + " must not start with '.' or '-'", param);
        }
    }
}
