package dev.mlxgguf.server.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The traversal-style names of reliability.md T-A1, with variations: at least 300 distinct names. */
final class TraversalNames {

    private TraversalNames() {
    }

    static List<String> all() {
        List<String> bases = List.of(
                "..", ".", "", " ", "../x", "..\\x", "../outside.gguf", "..\\outside.gguf", "%2e%2e%2f", "%252e%252e%252f",
                "..%2foutside.gguf", "%2e%2e/outside.gguf", "/etc/passwd", "/etc/passwd.gguf", "C:\\Windows\\win.ini",
                "\\\\server\\share\\m.gguf", "//server/share/m.gguf", "ok.gguf\u0000.txt", "ok.gguf\u0000", "\u0000",
                "\uFF0E\uFF0E/outside.gguf", "\u2024\u2024/outside.gguf", "..\u2215outside.gguf", "\u00c0\u00ae\u00c0\u00ae/x",
                "-m", "--log-file=/tmp/x", "-ok.gguf", ".hidden.gguf", "OK.GGUF", "ok.GGUF", "Ok.gguf", "link.GGUF",
                "models/ok.gguf", "./ok.gguf", "ok.gguf/", "ok.gguf/..", "ok.gguf\n", "ok.gguf\r\n", "ok.gguf\t",
                "a".repeat(256), "b".repeat(4096), "../" .repeat(20) + "etc/passwd", "~/.ssh/id_rsa", "$HOME/x.gguf",
                "`id`.gguf", "$(id).gguf", "a;touch /tmp/pwn;.gguf", "file:///etc/passwd", "http://127.0.0.1/x.gguf");
        List<String> prefixes = List.of("", "../", "..\\", "./", "/", "%2e%2e/");
        List<String> suffixes = List.of("", ".gguf", "/config.json", "%00", "/..");
        Set<String> names = new LinkedHashSet<>(bases);
        for (String b : bases) {
            for (String p : prefixes) {
                for (String s : suffixes) {
                    String n = p + b + s;
                    if (!n.equals("ok.gguf") || !p.isEmpty() || !s.isEmpty()) {
                        names.add(n);
                    }
                }
            }
        }
        names.remove("ok.gguf");
        names.remove("link.gguf"); // the owner's link in the test folder: a legitimate name
        return new ArrayList<>(names);
    }
}
