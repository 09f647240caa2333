package dev.mlxgguf.server.models;

import dev.mlxgguf.api.UnavailableException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which idle models the memory budget unloads, and when it refuses. */
class MemoryBudgetTest {

    private static final long MB = 1 << 20;

    @TempDir
    Path dir;

    private Slot slot(String id, long bytes, int priority, boolean autoUnload) {
        ModelEntry m = new ModelEntry(id + ".gguf", ModelFormat.GGUF, dir.resolve(id + ".gguf"), bytes);
        LoadRequest req = new LoadRequest(m.name(), Optional.empty(), Optional.empty(), 0, Map.of(), autoUnload, priority);
        Slot s = new Slot(id, m, req, Optional.empty(), bytes, 0, new RequestQueue(4));
        s.state(SlotState.READY);
        return s;
    }

    @Test
    void unloadsTheLowestPriorityThenTheLeastRecentlyUsed() {
        MemoryBudget budget = new MemoryBudget(1000 * MB);
        Slot old = slot("0", 300 * MB, 0, true);
        Slot recent = slot("1", 300 * MB, 0, true);
        Slot important = slot("2", 300 * MB, 5, true);
        recent.touch();
        List<Slot> victims = budget.victims(List.of(important, recent, old), 450 * MB, "new");
        assertThat(victims, is(List.of(old, recent)));
        assertThat(budget.victims(List.of(old), 600 * MB, "new"), is(List.of()));
    }

    @Test
    void busyPinnedAndLoadingModelsAreNeverVictims() throws Exception {
        MemoryBudget budget = new MemoryBudget(1000 * MB);
        Slot pinned = slot("0", 400 * MB, 0, false);
        Slot busy = slot("1", 400 * MB, 0, true);
        RequestQueue.Ticket t = busy.queue().admit(new RequestQueue.QueueEntry("r", "completions", Map.of(), 0));
        t.awaitTurn(java.time.Duration.ZERO);
        Slot loading = slot("2", 100 * MB, 0, true);
        loading.state(SlotState.LOADING);
        UnavailableException e = assertThrows(UnavailableException.class,
                () -> budget.victims(List.of(pinned, busy, loading), 300 * MB, "big"));
        assertThat(e.getMessage(), containsString("busy or not auto-unloadable"));
        t.close();
        assertThat(budget.victims(List.of(pinned, busy, loading), 300 * MB, "big"), is(List.of(busy)));
    }

    @Test
    void aModelLargerThanTheWholeBudgetIsRefusedAndNoBudgetNeverUnloads() {
        UnavailableException e = assertThrows(UnavailableException.class,
                () -> new MemoryBudget(100 * MB).victims(List.of(), 200 * MB, "huge"));
        assertThat(e.getMessage(), containsString("huge"));
        assertThat(new MemoryBudget(0).victims(List.of(slot("0", 10 * MB, 0, true)), Long.MAX_VALUE, "x"), is(List.of()));
    }

    @Test
    void estimatesCountWeightsTheKvCacheAndTheHost() throws Exception {
        Path file = dev.mlxgguf.testkit.TinyGguf.write(dir, "t.gguf", 1);
        ModelEntry m = new ModelEntry("t.gguf", ModelFormat.GGUF, file, Files.size(file));
        LoadRequest at512 = new LoadRequest("t.gguf", Optional.empty(), Optional.empty(), 512, Map.of(), true, 0);
        // 2 layers x 512 positions x 2 KV heads x head dim 16 x (K and V) x 2 bytes
        long kv = 2L * 512 * 2 * 16 * 2 * 2;
        assertThat(new MemoryBudget(1).estimate(m, ModelHeaders.read(m), at512), is(Files.size(file) + kv + MemoryBudget.HOST_OVERHEAD));
    }
}
