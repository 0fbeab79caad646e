package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small models and helpers for the train, eval and predict command tests: a run takes a second or two. */
final class TrainFixtures {

    private TrainFixtures() {
    }

    /**
     * A small Fashion-MNIST MLP. The file's epochs, seed and lr are deliberately not the ones the tests pass,
     * so that a test can tell the overrides were honoured. With {@code --limit 2000}: 1,500 train, 500 validation.
     */
    static final String MLP = """
            model Mlp(width: Int = 32) {
                input(1, 28, 28)
                flatten - affine(width) - relu - affine(10) - softmax
                train {
                    data = fashionMnist(validation = 500)
                    optimizer = adam(lr = 1e-3)
                    epochs = 3
                    batchSize = 64
                    seed = 7
                }
            }
            """;

    /** The same with plain SGD, which a huge learning rate blows up. */
    static final String SGD = MLP.replace("adam(lr = 1e-3)", "sgd(lr = 0.05)");

    static final String NO_LOSS = """
            model NoLoss {
                input(1, 28, 28)
                flatten - affine(10)
                train { data = fashionMnist(validation = 500) }
            }
            """;

    static final String NO_DATA = """
            model NoData {
                input(1, 28, 28)
                flatten - affine(10) - softmax
            }
            """;

    /** The fast, fixed settings of the tests' two-epoch runs. */
    static final String[] QUICK = quick(2, 11);

    /** {@code --limit 2000 --epochs E --seed S --set lr=2e-3}. */
    static String[] quick(int epochs, long seed) {
        return new String[] {"--limit", "2000", "--epochs", Integer.toString(epochs), "--seed", Long.toString(seed),
            "--set", "lr=2e-3"};
    }

    static String[] args(String command, String file, String... more) {
        String[] all = new String[2 + more.length];
        all[0] = command;
        all[1] = file;
        System.arraycopy(more, 0, all, 2, more.length);
        return all;
    }

    static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** The first group of the first match of {@code regex} (multiline) in {@code text}; fails when none. */
    static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        assertTrue(m.find(), () -> "no match for /" + regex + "/ in:\n" + text);
        return m.group(1);
    }

    /** A failure a user sees: exit 1, one clear message, never a Java stack trace or an internal error. */
    static void assertCleanFailure(Cli.Run r, String... fragments) {
        assertEquals(ExitCodes.FAILED, r.exit(), r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), () -> "stderr lacks '" + f + "':\n" + r.err());
        }
        assertFalse(r.err().contains("internal error"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
