package dev.mlxgguf.engine.mlx;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.testkit.DamagedMlxFolders;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.isEmptyOrNullString;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every damaged-folder case of reliability test T-A4 is refused with a load error; nothing is executed. */
class DamagedFolderTest {

    private static final System.Logger LOG = System.getLogger(DamagedFolderTest.class.getName());

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(DamagedMlxFolders.Case.class)
    void refusedWithALoadError(DamagedMlxFolders.Case c) {
        Path folder = DamagedMlxFolders.write(c, dir.resolve("model"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> Engines.mlx(folder).close());
        LOG.log(System.Logger.Level.INFO, "{0}: {1}", c, e.getMessage());
        assertThat(e.getMessage(), not(isEmptyOrNullString()));
        assertThat("no absolute path in the message", e.getMessage().contains(dir.toString()), is(false));
        assertThat("nothing ran", Files.exists(dir.resolve(DamagedMlxFolders.CANARY)), is(false));
    }
}
