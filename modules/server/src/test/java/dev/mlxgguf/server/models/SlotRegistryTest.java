package dev.mlxgguf.server.models;

import dev.mlxgguf.api.ConflictException;
import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.api.NotFoundException;
import dev.mlxgguf.host.client.HostCommand;
import dev.mlxgguf.server.ServerConfig;
import dev.mlxgguf.server.stats.ProcessMonitor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The registry with real host processes (the test-only fake engine): slot rules, conflicts, failures, waits. */
class SlotRegistryTest {

    @TempDir
    Path dir;
    private ProcessMonitor monitor;
    private SlotRegistry registry;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(dir.resolve("models"));
        Files.writeString(dir.resolve("models/a.gguf"), "#fake-model\ntext=one two\n");
        Files.writeString(dir.resolve("models/b.gguf"), "#fake-model\ncrash_at_load=1\n");
        ServerConfig config = ServerConfig.defaults().toBuilder().modelsDir(dir.resolve("models"))
                .adaptersDir(dir.resolve("adapters")).queueCapacity(2).build();
        HostCommand command = new HostCommand(Path.of(System.getProperty("java.home"), "bin", "java"), List.of("-Xmx64m"),
                Optional.empty(), Optional.of(System.getProperty("java.class.path")), Map.of());
        monitor = new ProcessMonitor(Duration.ofSeconds(2));
        registry = SlotRegistry.create(config, new HostLauncher(command, monitor, new CoreBudget(monitor, 1)));
    }

    @AfterEach
    void stop() {
        registry.close();
        monitor.close();
    }

    private static LoadRequest load(String model) {
        return new LoadRequest(model, Optional.empty(), Optional.empty(), 0, Map.of(), true, 0);
    }

    @Test
    void slotIdsAreShortSafeNames() {
        for (String ok : List.of("0", "199", "my-slot_1.a")) {
            assertThat(SlotRegistry.checkSlotId(ok), is(ok));
        }
        for (String bad : new String[] {"", "../0", "a/b", "x".repeat(65), "sp ace", null}) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> SlotRegistry.checkSlotId(bad));
            assertThat(e.param(), is("X-Model-Id"));
        }
    }

    @Test
    void aLoadedSlotServesAndIsFoundByModelAndWaitable() throws Exception {
        Slot s = registry.load("0", load("a.gguf"));
        assertThat(s.state(), is(SlotState.READY));
        assertThat(s.info().orElseThrow().format(), is("fake"));
        assertThat(registry.slotServing("a.gguf").orElseThrow(), is(s));
        assertThat(registry.awaitSlot("0", Duration.ZERO).orElseThrow(), is(s));
        assertThat(registry.awaitSlot("7", Duration.ofMillis(20)).isPresent(), is(false));
        ConflictException occupied = assertThrows(ConflictException.class, () -> registry.load("0", load("a.gguf")));
        assertThat(occupied.getMessage(), containsString("unload it first"));
        registry.unload("0");
        assertThat(registry.slot("0").isPresent(), is(false));
        assertThat(s.host().orElseThrow().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS).requested(), is(true));
    }

    @Test
    void unknownModelsAndFailedLoadsLeaveNoSlot() {
        NotFoundException missing = assertThrows(NotFoundException.class, () -> registry.load("0", load("nope.gguf")));
        assertThat(missing.getMessage(), containsString("nope.gguf"));
        dev.mlxgguf.api.LlmException failed = assertThrows(dev.mlxgguf.api.LlmException.class,
                () -> registry.load("1", load("b.gguf")));
        assertThat(failed.getMessage(), failed.kind().name().contains("CRASH") || failed instanceof ModelLoadException, is(true));
        assertThat(registry.slots().isEmpty(), is(true));
    }
}
