package dev.mlxgguf.testkit.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one fuzz target over mutated inputs. Each input runs on a worker thread with a time limit: a run past it
 * is a hang (the worker is abandoned and a fresh one takes the next input). Any throwable that is not one of the
 * target's refusals is a failure. The number of inputs comes from the system property {@value #INPUTS_PROPERTY}
 * (default 1,000; the {@code fuzz} Maven profile sets 100,000).
 */
public final class Fuzzer {

    /** System property with the inputs per target. */
    public static final String INPUTS_PROPERTY = "mlxgguf.fuzz.inputs";
    private static final int MAX_REPORTED = 5;

    private Fuzzer() {
    }

    /** Thrown by a target to say that the code under test refused the input as it should (always allowed). */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * Creates one.
         *
         * @param how how the input was refused
         */
        public Refused(String how) {
            super(how, null, false, false);
        }
    }

    /** The code under test, given one input. */
    @FunctionalInterface
    public interface Target {
        /**
         * Feeds one input.
         *
         * @param input the bytes
         * @throws Exception a refusal (allowed when listed) or a failure
         */
        void accept(byte[] input) throws Exception;
    }

    /**
     * What a run found.
     *
     * @param name     the target's name
     * @param inputs   inputs run
     * @param refused  inputs the target refused with an allowed exception
     * @param failures the first failing inputs, described (unexpected throwable or hang), with their bytes in hex
     * @param failed   how many inputs failed
     */
    public record Report(String name, int inputs, int refused, List<String> failures, int failed) {

        /** {@return one line for the log} */
        public String line() {
            return String.format("fuzz %s: %d inputs, %d refused, %d accepted, %d failed", name, inputs, refused,
                    inputs - refused - failed, failed);
        }
    }

    /** {@return the inputs per target for this run} */
    public static int inputs() {
        return Integer.getInteger(INPUTS_PROPERTY, 1000);
    }

    /**
     * Runs a target.
     *
     * @param name     name, for the report
     * @param seeds    the inputs to start from
     * @param seed     the mutator's random seed
     * @param limit    the longest one input may take
     * @param target   the code under test
     * @param refusals the exception types that mean "this input was refused" (subclasses included)
     * @return the report; print its line and assert that it has no failures
     */
    @SafeVarargs
    public static Report run(String name, List<byte[]> seeds, long seed, Duration limit, Target target,
                             Class<? extends Throwable>... refusals) {
        return run(name, inputs(), seeds, seed, limit, target, refusals);
    }

    /**
     * Runs a target on a given number of inputs (for targets whose inputs are costly).
     *
     * @param name     name, for the report
     * @param n        inputs to run
     * @param seeds    the inputs to start from
     * @param seed     the mutator's random seed
     * @param limit    the longest one input may take
     * @param target   the code under test
     * @param refusals the exception types that mean "this input was refused" (subclasses included)
     * @return the report; print its line and assert that it has no failures
     */
    @SafeVarargs
    public static Report run(String name, int n, List<byte[]> seeds, long seed, Duration limit, Target target,
                             Class<? extends Throwable>... refusals) {
        Mutator mutator = new Mutator(seeds, seed);
        int refused = 0;
        int failed = 0;
        List<String> failures = new ArrayList<>();
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < n; i++) {
                byte[] input = mutator.next();
                Future<?> run = worker.submit(() -> {
                    target.accept(input);
                    return null;
                });
                String failure = null;
                try {
                    run.get(limit.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Refused || allowed(e.getCause(), refusals)) {
                        refused++;
                    } else {
                        failure = e.getCause().toString();
                    }
                } catch (TimeoutException e) {
                    failure = "no answer within " + limit.toMillis() + " ms";
                    run.cancel(true);
                    worker.shutdownNow();
                    worker = Executors.newSingleThreadExecutor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                if (failure != null) {
                    failed++;
                    if (failures.size() < MAX_REPORTED) {
                        failures.add("input " + i + ": " + failure + "; bytes "
                                + HexFormat.of().formatHex(input, 0, Math.min(input.length, 256)));
                    }
                }
            }
        } finally {
            worker.shutdownNow();
        }
        Report r = new Report(name, n, refused, List.copyOf(failures), failed);
        System.err.println(r.line());
        return r;
    }

    private static boolean allowed(Throwable t, Class<? extends Throwable>[] refusals) {
        for (Class<? extends Throwable> c : refusals) {
            if (c.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
