package dev.nnc.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.CompileResult;
import dev.nnc.api.Nnc;
import dev.nnc.diag.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact text of the compiler's diagnostics, pinned as if it were API (Trino's error tables, jlox's
 * expectations): each row is an invalid program and every diagnostic it must produce, as
 * {@code line:col: severity: message}, followed by {@code     hint} when there is one. A change of wording
 * shows up here as a diff to review.
 */
class DiagnosticsTableTest {

    record Case(String name, String source, CompileOptions options, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case row(String name, String source, String expected) {
        return new Case(name, source, CompileOptions.defaults(), expected);
    }

    private static Case row(String name, String source, CompileOptions options, String expected) {
        return new Case(name, source, options, expected);
    }

    private static CompileOptions set(String key, String value) {
        return CompileOptions.defaults().with(key, value);
    }

    /** A model that compiles, to embed where the row is about something else. */
    private static final String OK_MODEL = "model M { input(10) - affine(2) - softmax }\n";
    /** A model that fits Fashion-MNIST and has no train block. */
    private static final String MNIST_MODEL = "model M {\n    input(1, 28, 28)\n    affine(10) - softmax\n}\n";

    static Stream<Case> cases() {
        return Stream.of(
                // ---- syntax
                row("unclosed paren, noticed on the next line", """
                        model M {
                            input(1, 28, 28
                            affine(10) - softmax
                        }
                        """, """
                        3:5: error: unexpected 'affine', expected ')'
                            the '(' at 2:10 is never closed
                        """),
                row("unclosed paren before the closing brace", """
                        model M {
                            input(10)
                            affine(10 - softmax
                        }
                        """, """
                        4:1: error: expected ')' before '}'
                            the '(' at 3:11 is never closed
                        """),
                row("stray token", """
                        model M {
                            input(10) )
                            affine(10) - softmax
                        }
                        """, """
                        2:15: error: unexpected ')', expected ';' or '}' or end of line
                        """),
                row("unterminated string", "import \"blocks.nn\n" + OK_MODEL, """
                        1:8: error: unterminated string
                            close it with '"' on the same line
                        """),
                row("unterminated comment", OK_MODEL + "/* never closed\n", """
                        2:1: error: unterminated comment
                            close it with '*/'
                        """),
                row("unexpected character", OK_MODEL + "val a = 1 @ 2\n", """
                        2:11: error: unexpected character '@'
                        """),
                row("binary garbage", "\u0000\u0007", """
                        1:1: error: unexpected character U+0000
                        """),
                row("x as a val name", "val x = 3\n" + OK_MODEL, """
                        1:5: error: unexpected 'x', expected a name
                            'x' is reserved for repetition (<stack> x N); choose another name
                        """),
                row("x as a parameter name", "fun f(x: Int) = affine(x)\n" + OK_MODEL, """
                        1:7: error: unexpected 'x', expected ')' or a name
                            'x' is reserved for repetition (<stack> x N); choose another name
                        """),
                row("import of a name, not a string", "import blocks\n" + OK_MODEL, """
                        1:8: error: unexpected 'blocks', expected a string
                        """),
                row("a line may not start with '-'", """
                        model M {
                            input(10)
                            - affine(2)
                            softmax
                        }
                        """, """
                        3:5: error: cannot negate a Stack
                            a line cannot start with '-': end the previous line with '-' to continue it, or drop \
                        the '-' (lines are chained anyway)
                        """),

                // ---- names
                row("unknown layer, did you mean", """
                        model M {
                            input(1, 28, 28)
                            <affine(100) - batchnrom - relu> x 3 - affine(10) - softmax
                        }
                        """, """
                        3:20: error: unknown layer 'batchnrom'
                            did you mean 'batchnorm'?
                        """),
                row("unknown layer called with arguments", "model M {\n    input(10)\n    afine(10) - softmax\n}\n",
                        """
                        3:5: error: unknown layer 'afine'
                            did you mean 'affine'?
                        """),
                row("unknown name", "model M { input(10) - affine(foo) - softmax }\n", """
                        1:30: error: unknown name 'foo'
                        """),
                row("unknown name near a val", "val width = 10\nmodel M { input(10) - affine(widht) - softmax }\n",
                        """
                        1:5: warning: val 'width' is never used
                        2:30: error: unknown name 'widht'
                            did you mean 'width'?
                        """),
                row("a val called like a fun", "val w = 3\nmodel M { input(10) - affine(w) - w() - softmax }\n",
                        """
                        2:35: error: 'w' is a val, not a layer or fun
                            drop the parentheses: w
                        """),
                row("unknown parameter type", "fun f(n: Integer) = affine(n)\n" + OK_MODEL, """
                        1:10: error: unknown type 'Integer'
                            the types are Int, Double, Boolean, String, Stack
                        """),
                row("duplicate declaration", "val a = 1\nval a = 2\nmodel M { input(a * 10) - affine(2) - softmax }\n",
                        """
                        2:5: error: name 'a' is already declared at t.nn:1:5
                            rename one of them
                        """),

                // ---- arguments
                row("wrong argument type", "model M { input(10) - affine(0.5) - softmax }\n", """
                        1:30: error: 'units' of affine must be an Int, but got Double 0.5
                        """),
                row("out of range", "model M { input(10) - affine(10) - dropout(1.5) - softmax }\n", """
                        1:44: error: 'p' of dropout must be in [0, 1), but got 1.5
                        """),
                row("unknown named argument, did you mean", "model M { input(10) - affine(10, unit = 3) - softmax }\n",
                        """
                        1:34: error: affine has no argument 'unit'
                            did you mean 'units'?
                        """),
                row("unknown named argument, usage", "model M { input(10) - affine(10, foo = 3) - softmax }\n",
                        """
                        1:34: error: affine has no argument 'foo'
                            usage: affine(units, init = he, bias = true, w = none, b = none, trainable = false)
                        """),
                row("one-letter argument gets the usage, not a one-letter guess", """
                        fun f(n: Int, p: Double = 0.5) = affine(n) - dropout(p)
                        model M { input(10) - f(2, q = 0.1) - affine(2) - softmax }
                        """, """
                        2:28: error: f has no argument 'q'
                            usage: f(n, p = 0.5)
                        """),
                row("duplicate argument", "model M { input(10) - affine(10, units = 3) - softmax }\n", """
                        1:34: error: argument 'units' of affine is given twice
                        """),
                row("missing argument", "model M { input(10) - affine() - softmax }\n", """
                        1:23: error: affine needs an argument 'units'
                            usage: affine(units, init = he, bias = true, w = none, b = none, trainable = false)
                        """),
                row("missing argument of a fun written without parentheses", """
                        fun f(n: Int) = affine(n)
                        model M { input(10) - f - affine(2) - softmax }
                        """, """
                        2:23: error: f needs an argument 'n'
                            usage: f(n)
                        """),
                row("too many positional arguments", "model M { input(10) - affine(10, he, true, [[1]], [1], true, 4) - softmax }\n",
                        """
                        1:62: error: affine takes 6 arguments, but got 7
                            usage: affine(units, init = he, bias = true, w = none, b = none, trainable = false)
                        """),
                row("positional after named", "model M { input(10) - affine(units = 10, he) - softmax }\n", """
                        1:42: error: positional argument after a named one
                            name it, or move it before the named arguments
                        """),
                row("Int too large for an argument", "model M { input(10) - affine(1000000000000) - softmax }\n",
                        """
                        1:30: error: 'units' of affine must be at most 2147483647, but got 1000000000000
                        """),
                row("a string where an initializer goes", "model M { input(10) - affine(2, init = \"he\") - softmax }\n",
                        """
                        1:40: error: 'init' of affine must be an initializer, but got String "he"
                        """),
                row("a string chained as a layer", "val s = \"abc\"\nmodel M { input(10) - s - affine(2) - softmax }\n",
                        """
                        2:23: error: only layers can be chained with '-', but this is a String ("abc")
                        """),
                row("several errors in one run", """
                        model M {
                            input(10)
                            afine(10) - relu
                            dropout(2.0) - softmax
                        }
                        """, """
                        3:5: error: unknown layer 'afine'
                            did you mean 'affine'?
                        4:13: error: 'p' of dropout must be in [0, 1), but got 2.0
                        """),

                // ---- shapes and structure
                row("conv needs (C, H, W)", "model M {\n    input(784)\n    conv(8, 3) - relu - affine(10) - softmax\n}\n",
                        """
                        3:5: error: conv needs (C, H, W) input, but input(784) outputs (784)
                            conv and pooling go before flatten and affine layers
                        """),
                row("conv after affine", "model M { input(1, 28, 28) - affine(10) - conv(8, 3) - softmax }\n", """
                        1:43: error: conv needs (C, H, W) input, but affine(10) outputs (10)
                            conv and pooling go before flatten and affine layers
                        """),
                row("classifier after (C, 1, 1): a missing flatten", """
                        model M {
                            input(1, 28, 28)
                            conv(10, 1) - avgpool(28) - softmax
                        }
                        """, """
                        3:33: error: a classifier needs a vector of class scores, but avgpool(28) outputs (10, 1, 1)
                            insert flatten before softmax, which turns (10, 1, 1) into the vector (10)
                        """),
                row("classifier after a larger (C, H, W): flatten alone is no fix",
                        "model M { input(1, 28, 28) - conv(8, 3) - maxpool - svm }\n", """
                        1:53: error: a classifier needs a vector of class scores, but maxpool outputs (8, 13, 13)
                            insert affine(classes) before it
                        """),
                row("conv right after a flatten of an image", """
                        model M {
                            input(1, 28, 28)
                            conv(8, 3) - maxpool - flatten - conv(8, 3) - affine(10) - softmax
                        }
                        """, """
                        3:38: error: conv needs (C, H, W) input, but flatten outputs (1352)
                            remove the flatten before it: conv takes the image (8, 13, 13) that flatten turns into (1352)
                        """),
                row("pooling after a flatten of a vector: no image to restore",
                        "model M { input(784) - flatten - maxpool - affine(10) - softmax }\n", """
                        1:34: error: pooling needs (C, H, W) input, but flatten outputs (784)
                            conv and pooling go before flatten and affine layers
                        """),
                row("conv kernel larger than input", "model M { input(1, 4, 4) - conv(8, 5) - affine(10) - softmax }\n",
                        """
                        1:28: error: conv kernel 5x5 is larger than its input 4x4
                            use a smaller size or more padding
                        """),
                row("input with two dimensions", "model M { input(28, 28) - affine(2) - softmax }\n", """
                        1:11: error: input takes (D) or (C, H, W), but got 2 dimensions
                            for a single-channel image write input(1, H, W)
                        """),
                row("softmax not last", "model M { input(10) - affine(10) - softmax - affine(10) }\n", """
                        1:36: error: softmax is a loss layer and must be the last layer
                            move it to the end of the model, or use an activation here
                        """),
                row("residual shape mismatch", """
                        model M {
                            input(10)
                            affine(20)
                            residual { affine(10) }
                            affine(10) - softmax
                        }
                        """, """
                        4:5: error: a residual block must keep its input shape (20), but its body outputs (10)
                            end the block with a layer that outputs (20)
                        """),
                row("missing input", "model M {\n    affine(10) - softmax\n}\n", """
                        2:5: error: model M does not start with input(...)
                            make the first line input(C, H, W) for images or input(D) for vectors
                        """),
                row("empty model", "model M {\n}\n", """
                        1:7: error: model M has no layers
                            start it with input(C, H, W) for images or input(D) for vectors
                        """),
                row("input not first", "model M { input(10) - affine(10) - input(10) - softmax }\n", """
                        1:36: error: input(...) must be the first layer of the model
                        """),
                row("recursion among funs", """
                        fun a(n: Int) = b(n)
                        fun b(n: Int) = a(n) - relu
                        model M { input(10) - a(3) - affine(2) - softmax }
                        """, """
                        2:17: error: recursive call: a -> b -> a
                            a fun cannot call itself, directly or through others; use x N or repeat(N) to repeat a \
                        block
                        """),
                row("cyclic val", """
                        val a = b + 1
                        val b = a * 2
                        model M { input(10) - affine(a) - softmax }
                        """, """
                        1:5: error: val 'a' is defined in terms of itself: a -> b -> a
                        """),
                row("repeat count 0", "model M { input(10) - <relu> x 0 - affine(2) - softmax }\n", """
                        1:32: error: a repeat count must be at least 1, but got 0
                        """),
                row("repeat block count 0", "model M {\n    input(10)\n    repeat(0) { relu }\n    affine(2) - softmax\n}\n",
                        """
                        3:12: error: a repeat count must be at least 1, but got 0
                        """),
                row("repeat count 10^9", "model M { input(10) - <relu> x 1000000000 - affine(2) - softmax }\n", """
                        1:23: error: this expands to 1,000,000,000 layers; a model may have at most 10,000
                        """),
                row("repeat count a Double", "model M { input(10) - <relu> x 2.5 - affine(2) - softmax }\n", """
                        1:32: error: a repeat count must be an Int, but got Double 2.5
                        """),
                row("repeat count needs parentheses", """
                        val depth = 3
                        model M { input(10) - <relu> x depth - 1 - affine(2) - softmax }
                        """, """
                        2:40: error: only layers can be chained with '-', but this is an Int (1)
                            x binds tighter than '-': to repeat n - 1 times, write x (n - 1)
                        """),
                row("affine of 10^12 parameters", "model M { input(1000000) - affine(1000000) - softmax }\n", """
                        1:28: error: affine_1.W would have 1,000,000,000,000 elements; one tensor holds at most \
                        2,147,483,639
                            use fewer units or filters, or pool before this layer
                        """),
                row("integer overflow", "model M { input(10) - affine(9223372036854775807 + 1) - softmax }\n", """
                        1:30: error: integer overflow in 9223372036854775807 + 1
                        """),
                row("division by zero", "model M { input(10) - affine(10 / 0) - softmax }\n", """
                        1:30: error: division by zero
                        """),

                // ---- models and --set
                row("several models without --model", OK_MODEL + "model B { input(10) - affine(2) - softmax }\n", """
                        1:1: error: t.nn defines 2 models (M, B); choose one with --model NAME
                        """),
                row("unknown --model, no suggestion for a one-letter name", OK_MODEL, CompileOptions.defaults().withModel("N"), """
                        1:1: error: no model named 'N'; the file defines M
                        """),
                row("unknown --model, did you mean", "model Mlp { input(10) - affine(2) - softmax }\n",
                        CompileOptions.defaults().withModel("Mpl"), """
                        1:1: error: no model named 'Mpl'; the file defines Mlp
                            did you mean 'Mlp'?
                        """),
                row("no model at all", "", """
                        1:1: error: t.nn defines no model
                            declare one with: model Name { input(...) ... }
                        """),
                row("model parameter without default or --set",
                        "model M(width: Int) { input(10) - affine(width) - affine(2) - softmax }\n", """
                        1:7: error: model M needs a value for 'width'
                            give it a default, or pass --set width=VALUE
                        """),
                row("--set of a model parameter with a wrong type",
                        "model M(width: Int = 3) { input(10) - affine(width) - affine(2) - softmax }\n",
                        set("width", "7.5"), """
                        1:1: error: model parameter 'width' must be an Int, but got Double 7.5
                        """),
                row("--set of an unknown key", OK_MODEL, set("foo", "3"), """
                        1:1: error: unknown setting 'foo'
                            settable: augment, batchSize, data, earlyStop, epochs, keepBest, l2, labelSmoothing, lr, lrDecay, \
                        optimizer, precision, schedule, seed
                        """),
                row("--set of a misspelt key", OK_MODEL, set("epoch", "3"), """
                        1:1: error: unknown setting 'epoch'
                            did you mean 'epochs'?
                        """),
                row("--set of a hyperparameter the optimizer lacks", OK_MODEL, set("beta1", "0.5"), """
                        1:1: error: sgd has no hyperparameter 'beta1'
                            settable: augment, batchSize, data, earlyStop, epochs, keepBest, l2, labelSmoothing, lr, lrDecay, \
                        optimizer, precision, schedule, seed
                        """),
                row("--set with a syntax error", OK_MODEL, set("epochs", ")"), """
                        1:1: error: unexpected ')'
                        """),

                // ---- train block
                row("unknown train key", trained("epoch = 3"), """
                        3:13: error: unknown train setting 'epoch'
                            did you mean 'epochs'?
                        """),
                row("wrong types in the train block", trained("epochs = 2.5; batchSize = \"big\""), """
                        3:22: error: train setting 'epochs' must be an Int, but got Double 2.5
                        3:39: error: train setting 'batchSize' must be an Int, but got String "big"
                        """),
                row("duplicate train key", trained("epochs = 3; epochs = 4"), """
                        3:25: error: 'epochs' is already set at t.nn:3:13
                        """),
                row("unknown optimizer", trained("optimizer = nadam(lr = 1e-3)"), """
                        3:25: error: 'optimizer' must be an optimizer: sgd, momentum, nesterov, adagrad, rmsprop, \
                        adam, adamw; 'nadam' is not one
                            did you mean 'adam'?
                        """),
                row("unknown schedule", trained("schedule = cosin(warmup = 1)"), """
                        3:24: error: 'schedule' must be a learning-rate schedule: constant, step, exponential, cosine, \
                        oneCycle, reduceOnPlateau; 'cosin' is not one
                            did you mean 'cosine'?
                        """),
                row("unknown schedule argument", trained("schedule = cosine(warmpu = 1)"), """
                        3:31: error: cosine has no argument 'warmpu'
                            did you mean 'warmup'?
                        """),
                row("schedule argument out of range", trained("schedule = step(factor = 2)"), """
                        3:38: error: 'factor' of step must be in (0, 1), but got 2
                        """),
                row("plateau monitor", trained("schedule = reduceOnPlateau(monitor = rgb)"), """
                        3:50: error: 'monitor' of reduceOnPlateau must be one of valLoss, valAcc, but got rgb
                        """),
                row("warm-up as long as the run", trained("epochs = 2; schedule = cosine(warmup = 2)"), """
                        3:36: error: cosine: warmup = 2 epochs leaves none of the 2 epochs to anneal
                            make warmup smaller than epochs
                        """),
                row("lrDecay and a schedule", trained("lrDecay = 0.9; schedule = cosine"), """
                        3:28: error: 'schedule' and 'lrDecay' both set the learning rate
                            lrDecay = d is schedule = exponential(rate = d); keep one of them
                        """),
                row("l2 with adamw", trained("optimizer = adamw(weightDecay = 0.05); l2 = 1e-4"), """
                        3:52: error: l2 = 0.0001 and adamw's weightDecay = 0.05 both decay the weights
                            use adamw's decoupled weightDecay alone (l2 = 0), or adam with l2
                        """),
                row("label smoothing out of range", trained("labelSmoothing = 1"), """
                        3:30: error: train setting 'labelSmoothing' must be in [0, 1), but got 1
                        """),
                row("--set of a schedule argument the schedule lacks", trained("schedule = cosine"),
                        set("patience", "3"), """
                        1:1: error: unknown setting 'patience'
                            settable: augment, batchSize, data, earlyStop, epochs, keepBest, l2, labelSmoothing, lr, \
                        lrDecay, minLr, optimizer, precision, schedule, seed, warmup
                        """),
                row("unknown data set", trained("data = fashionmnist()"), """
                        3:20: error: 'data' must be a data set: fashionMnist, mnist, idx, cifar10, csv, images; \
                        'fashionmnist' is not one
                            did you mean 'fashionMnist'?
                        """),
                row("optimizer hyperparameter out of range", trained("optimizer = sgd(lr = -1)"), """
                        3:34: error: 'lr' of sgd must be positive, but got -1
                        """),
                row("two train blocks", trained("epochs = 1 }\n    train { epochs = 2"), """
                        4:5: error: a model has one train block
                            merge the settings into the first one
                        """),

                // ---- warnings (the model still compiles)
                row("dropout right before the loss", "model M { input(10) - affine(2) - dropout(0.5) - softmax }\n",
                        """
                        1:35: warning: dropout right before softmax drops class scores, not features
                            move it before the last affine layer
                        """),
                row("unused val", "val unused = 3\n" + OK_MODEL, """
                        1:5: warning: val 'unused' is never used
                        """),

                // ---- what nnc train needs: an error only when compiling to train
                row("no data, compiled to train", MNIST_MODEL, CompileOptions.defaults().forTraining(), """
                        1:7: error: model M names no data to train on
                            add data = fashionMnist() to its train block, or pass --data to nnc train
                        """),
                row("no data in the train block, compiled to train", trained("epochs = 3"),
                        CompileOptions.defaults().forTraining(), """
                        3:5: error: model M names no data to train on
                            add data = ... to its train block (the data sets are in docs/data.md), or pass --data to nnc train
                        """),
                row("no data, only compiled: clean", MNIST_MODEL, ""),
                row("no data but --data given, compiled to train", MNIST_MODEL,
                        CompileOptions.defaults().with("data", "fashionMnist()").forTraining(), ""),
                row("no data and no loss, compiled to train: nothing to train with data",
                        "model M { input(784) - affine(10) }\n", CompileOptions.defaults().forTraining(), ""));
    }
    /** A model whose train block holds {@code settings}, on line 3 from column 13. */
    private static String trained(String settings) {
        return "model M {\n    input(10) - affine(2) - softmax\n    train { " + settings + " }\n}\n";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void pinsTheExactText(Case c) {
        CompileResult r = Nnc.compileString("t.nn", c.source(), c.options());
        assertEquals(c.expected(), brief(r), c.name());
        boolean onlyWarnings = r.diagnostics().stream().noneMatch(Diagnostic::isError);
        assertEquals(onlyWarnings, r.ok(), "a result is ok exactly when there is no error");
    }

    @Test
    void rendersFileLineColumnSourceCaretAndHint() {
        CompileResult r = Nnc.compileString("models/bad.nn", """
                model M {
                    input(1, 28, 28)
                    <affine(100) - batchnrom - relu> x 3 - affine(10) - softmax
                }
                """, CompileOptions.defaults());
        assertEquals("""
                models/bad.nn:3:20: error: unknown layer 'batchnrom'
                        <affine(100) - batchnrom - relu> x 3 - affine(10) - softmax
                                       ^^^^^^^^^
                    did you mean 'batchnorm'?
                """, r.render());
    }

    @Test
    void setDiagnosticsNameTheOverride() {
        CompileResult r = Nnc.compileString("t.nn", OK_MODEL, set("epochs", "0"));
        assertEquals("""
                --set epochs:1:1: error: train setting 'epochs' must be at least 1, but got 0
                    0
                    ^
                """, r.render());
    }

    @Test
    void importCycleNamesTheWholeChain(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.nn"), "import \"b.nn\"\n" + OK_MODEL);
        Files.writeString(dir.resolve("b.nn"), "import \"c.nn\"\nfun one() = relu\n");
        Files.writeString(dir.resolve("c.nn"), "import \"a.nn\"\nfun two() = relu\n");
        CompileResult r = Nnc.compile(dir.resolve("a.nn"), CompileOptions.defaults());
        String d = dir.toAbsolutePath() + "/";
        assertEquals(d + "c.nn:1:1: error: import cycle: " + d + "a.nn -> " + d + "b.nn -> " + d + "c.nn -> " + d
                + "a.nn\n    move what both files need into a third file that neither imports\n", briefWithFiles(r));
        assertFalse(r.ok());
    }

    @Test
    void fileImportingItself(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("self.nn"), "import \"./self.nn\"\n" + OK_MODEL);
        CompileResult r = Nnc.compile(dir.resolve("self.nn"), CompileOptions.defaults());
        String f = dir.toAbsolutePath() + "/self.nn";
        assertEquals(f + ":1:1: error: import cycle: " + f + " -> " + f
                + "\n    move what both files need into a third file that neither imports\n", briefWithFiles(r));
    }

    @Test
    void missingImportFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("main.nn"), "import \"lib/nope.nn\"\n" + OK_MODEL);
        CompileResult r = Nnc.compile(dir.resolve("main.nn"), CompileOptions.defaults());
        assertEquals(dir.toAbsolutePath() + "/main.nn:1:1: error: cannot read '" + dir.toAbsolutePath()
                + "/lib/nope.nn': no such file\n", briefWithFiles(r));
    }

    @Test
    void syntaxErrorsInAnImportedFileNameThatFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("main.nn"), "import \"lib.nn\"\n" + OK_MODEL);
        Files.writeString(dir.resolve("lib.nn"), "fun f() = relu -\n");
        CompileResult r = Nnc.compile(dir.resolve("main.nn"), CompileOptions.defaults());
        assertEquals(dir.toAbsolutePath() + "/lib.nn:2:1: error: unexpected end of file\n", briefWithFiles(r));
    }

    @Test
    void missingMainFile(@TempDir Path dir) {
        CompileResult r = Nnc.compile(dir.resolve("none.nn"), CompileOptions.defaults());
        String f = dir.toAbsolutePath() + "/none.nn";
        assertEquals(f + ":1:1: error: cannot read '" + f + "': no such file\n", briefWithFiles(r));
    }

    /** Each diagnostic as {@code line:col: severity: message} and its indented hint. */
    static String brief(CompileResult r) {
        return r.diagnostics().stream().map(d -> d.span().line() + ":" + d.span().column() + ": "
                        + d.severity().label() + ": " + d.message() + "\n" + d.hint().map(h -> "    " + h + "\n").orElse(""))
                .collect(Collectors.joining());
    }

    private static String briefWithFiles(CompileResult r) {
        return r.diagnostics().stream().map(d -> d.headline() + "\n" + d.hint().map(h -> "    " + h + "\n").orElse(""))
                .collect(Collectors.joining());
    }

    @Test
    void theTableIsLargeEnough() {
        List<Case> all = cases().toList();
        assertEquals(all.size(), all.stream().map(Case::name).distinct().count(), "row names are unique");
        org.junit.jupiter.api.Assertions.assertTrue(all.size() >= 30);
    }
}
