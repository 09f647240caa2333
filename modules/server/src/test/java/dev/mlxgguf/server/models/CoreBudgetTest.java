package dev.mlxgguf.server.models;

import dev.mlxgguf.server.stats.MachineLoad;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class CoreBudgetTest {

    private record Load(int cores, double externalBusyCores) implements MachineLoad {
    }

    @Test
    void keepsASpareCoreAndSharesTheRest() {
        assertThat(new CoreBudget(new Load(2, 0)).threadsFor(1), is(1));
        assertThat(new CoreBudget(new Load(8, 0)).threadsFor(1), is(7));
        assertThat(new CoreBudget(new Load(8, 0)).threadsFor(2), is(3));
        assertThat(new CoreBudget(new Load(8, 2.6)).threadsFor(1), is(4));
        assertThat(new CoreBudget(new Load(8, 0.3)).threadsFor(1), is(7));
    }

    @Test
    void aFixedCountWins() {
        assertThat(new CoreBudget(new Load(2, 1.5), 2).threadsFor(3), is(2));
    }

    @Test
    void neverLessThanOneThread() {
        assertThat(new CoreBudget(new Load(2, 2)).threadsFor(1), is(1));
        assertThat(new CoreBudget(new Load(4, 0)).threadsFor(10), is(1));
    }

    @Test
    void startingAndFinishedTrackRunningGenerations() {
        CoreBudget b = new CoreBudget(new Load(9, 0));
        assertThat(b.starting(), is(8));
        assertThat(b.starting(), is(4));
        b.finished();
        assertThat(b.forLoad(), is(8));
        b.finished();
    }
}
