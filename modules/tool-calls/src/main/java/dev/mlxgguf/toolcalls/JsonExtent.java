package dev.mlxgguf.toolcalls;

/** Finds where a JSON value written inside a longer text ends, without parsing it. Stateless. */
final class JsonExtent {

    private JsonExtent() {
    }

    /**
     * @param s    the text
     * @param from where the value starts (an object, array, string, number or literal)
     * @return the index just past the value, or -1 if it does not end in the text
     */
    static int end(CharSequence s, int from) {
        if (from >= s.length()) {
            return -1;
        }
        char c = s.charAt(from);
        if (c == '"') {
            return stringEnd(s, from);
        }
        if (c != '{' && c != '[') {
            int i = from;
            while (i < s.length() && "{}[],: \t\r\n;<".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            return i == from ? -1 : i;
        }
        int depth = 0;
        for (int i = from; i < s.length(); i++) {
            char x = s.charAt(i);
            if (x == '"') {
                i = stringEnd(s, i);
                if (i < 0) {
                    return -1;
                }
                i--;
            } else if (x == '{' || x == '[') {
                depth++;
            } else if (x == '}' || x == ']') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    private static int stringEnd(CharSequence s, int from) {
        for (int i = from + 1; i < s.length(); i++) {
            char x = s.charAt(i);
            if (x == '\\') {
                i++;
            } else if (x == '"') {
                return i + 1;
            }
        }
        return -1;
    }
}
