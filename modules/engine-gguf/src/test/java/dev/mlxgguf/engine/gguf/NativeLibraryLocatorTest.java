package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.support.NativeLibraryFolder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NativeLibraryLocatorTest {

    @TempDir
    Path dir;

    @Test
    void namePatternsAcceptVersionedLibrariesOnly() {
        for (String name : new String[] {"libllama.so", "libllama.v0.5.0.so", "libllama.metal.v0.4.0.dylib"}) {
            assertThat(name, NativeLibraryLocator.LLAMA.matcher(name).matches(), is(true));
        }
        for (String name : new String[] {"libllama-common.so", "libllama.so.1.bak-x", "libggml.v0.5.0.so", "llama.dll"}) {
            assertThat(name, NativeLibraryLocator.LLAMA.matcher(name).matches(), is(false));
        }
        assertThat(NativeLibraryLocator.GGML.matcher("libggml.v0.5.0.so").matches(), is(true));
        assertThat(NativeLibraryLocator.GGML.matcher("libggml.metal.v0.4.0.dylib").matches(), is(true));
        assertThat(NativeLibraryLocator.GGML.matcher("libggml-base.so").matches(), is(false));
        assertThat(NativeLibraryLocator.GGML.matcher("libggml-cpu-haswell.so").matches(), is(false));
    }

    @Test
    void findsTheLibraryOrFailsWithoutNamingTheFolder() throws Exception {
        Files.createFile(dir.resolve("libggml-base.so"));
        Files.createFile(dir.resolve("libllama.v0.5.0.so"));
        assertThat(new NativeLibraryFolder("llama.cpp", dir).find(NativeLibraryLocator.LLAMA, "libllama"),
                is(dir.resolve("libllama.v0.5.0.so").toAbsolutePath()));
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> new NativeLibraryFolder("llama.cpp", dir).find(NativeLibraryLocator.GGML, "libggml"));
        assertThat(e.getMessage(), not(containsString(dir.toString())));
        assertThrows(ModelLoadException.class,
                () -> new NativeLibraryFolder("llama.cpp", dir.resolve("missing")).find(NativeLibraryLocator.GGML, "libggml"));
    }

    @Test
    void nativeRootComesFromTheSystemProperty() {
        String root = System.getProperty(NativeLibraryFolder.PROPERTY);
        assertThat("surefire passes " + NativeLibraryFolder.PROPERTY, root != null, is(true));
        assertThat(NativeLibraryLocator.folder().dir(), is(Path.of(root, "llama").toAbsolutePath().normalize()));
    }
}
