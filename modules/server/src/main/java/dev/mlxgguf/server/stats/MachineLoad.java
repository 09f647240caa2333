package dev.mlxgguf.server.stats;

/** How busy the machine is, as far as thread budgeting needs to know. Implementations are thread-safe. */
public interface MachineLoad {

    /** {@return the number of cores} */
    int cores();

    /** {@return cores busy with work other than the model hosts, recently} */
    double externalBusyCores();
}
