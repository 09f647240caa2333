package dev.mlxgguf.server.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parameters of a header value such as {@code form-data; name="file"; filename="a b.wav"} or
 * {@code multipart/form-data; boundary=xyz}: names lower-cased, quoted strings unquoted (with backslash escapes),
 * and RFC 5987 {@code filename*=UTF-8''...} decoded (it wins over {@code filename}). Pure.
 */
public final class HeaderParams {

    private HeaderParams() {
    }

    /**
     * Parses the parameters after the first {@code ;}.
     *
     * @param value a header value
     * @return parameter name (lower case) to value, in order
     */
    public static Map<String, String> parse(String value) {
        Map<String, String> params = new LinkedHashMap<>();
        int i = value.indexOf(';');
        while (i >= 0 && i < value.length()) {
            i++;
            int eq = value.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = value.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            int j = eq + 1;
            while (j < value.length() && value.charAt(j) == ' ') {
                j++;
            }
            StringBuilder v = new StringBuilder();
            if (j < value.length() && value.charAt(j) == '"') {
                j++;
                while (j < value.length() && value.charAt(j) != '"') {
                    char c = value.charAt(j);
                    if (c == '\\' && j + 1 < value.length()) {
                        c = value.charAt(++j);
                    }
                    v.append(c);
                    j++;
                }
                j = value.indexOf(';', j);
            } else {
                int end = value.indexOf(';', j);
                v.append(value, j, end < 0 ? value.length() : end);
                j = end;
            }
            put(params, name, v.toString().strip());
            i = j;
        }
        return params;
    }

    private static void put(Map<String, String> params, String name, String value) {
        if (name.endsWith("*")) {
            // RFC 5987: charset'language'percent-encoded
            int a = value.indexOf('\'');
            int b = a < 0 ? -1 : value.indexOf('\'', a + 1);
            if (b > 0 && value.substring(0, a).equalsIgnoreCase("UTF-8")) {
                try {
                    params.put(name.substring(0, name.length() - 1),
                            URLDecoder.decode(value.substring(b + 1).replace("+", "%2B"), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // a malformed extended value is ignored
                }
            }
            return;
        }
        params.putIfAbsent(name, value);
    }
}
