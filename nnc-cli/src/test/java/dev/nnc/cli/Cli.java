package dev.nnc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Drives {@code nnc} in-process and captures what it prints. */
final class Cli {

    record Run(int exit, String out, String err) {
    }

    private Cli() {
    }

    static Run run(String... args) {
        return run(Map.of(), args);
    }

    static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out), new PrintWriter(err), env);
        return new Run(exit, out.toString(), err.toString());
    }

    static Path write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /**
     * Hand-checkable: affine_1 4·3 + 3 = 15, batchnorm_1 3 + 3 trainable and 3 + 3 running statistics,
     * affine_2 3·2 + 2 = 8, so 29 trainable and 6 non-trainable.
     */
    static final String TINY = """
            model Tiny {
                input(4)
                affine(3) - relu - batchnorm - affine(2) - softmax
                train {
                    optimizer = adam(lr = 1e-3)
                    epochs = 2
                    batchSize = 8
                    seed = 1
                }
            }
            """;

    /** A residual block with dropout and batchnorm; the conv inside has a bias the batchnorm cancels. */
    static final String RESIDUAL = """
            model Res(width: Int = 5) {
                input(2, 4, 4)
                conv(3, 3, pad = 1) - relu
                residual {
                    conv(3, 3, pad = 1)
                    batchnorm
                    relu
                }
                maxpool - flatten - dropout(0.25) - affine(width) - tanh - affine(3) - svm
                train {
                    precision = float64
                    batchSize = 10
                }
            }
            """;

    static final String BAD = """
            model Bad {
                input(1, 28, 28)
                <affine(100) - batchnrom - relu> x 3 - affine(10) - softmax
                conv(8, 3)
            }
            """;
}
