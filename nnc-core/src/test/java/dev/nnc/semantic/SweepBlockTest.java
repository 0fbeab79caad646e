package dev.nnc.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.CompileResult;
import dev.nnc.api.Nnc;
import dev.nnc.diag.Diagnostic;
import dev.nnc.format.Formatter;
import dev.nnc.sweep.Dimension;
import dev.nnc.sweep.SweepSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code sweep { }} block: what it accepts, and its errors at file:line:col. */
class SweepBlockTest {

    private static String model(String sweepLines) {
        return "model M(width: Int = 8) {\n"
                + "    input(4)\n"
                + "    affine(width) - relu - affine(3) - softmax\n"
                + "    train {\n        optimizer = adam(lr = 1e-3)\n        epochs = 1\n    }\n"
                + "    sweep {\n" + sweepLines + "\n    }\n"
                + "}\n";
    }

    private static CompileResult compile(String sweepLines) {
        return Nnc.compileString("m.nn", model(sweepLines), CompileOptions.defaults());
    }

    private static Diagnostic onlyError(CompileResult r) {
        assertEquals(1, r.errors().size(), r.render());
        return r.errors().get(0);
    }

    @Test
    void everyDistributionOverEveryKindOfSettableKey() {
        CompileResult r = compile("""
                        method = random
                        trials = 12
                        seed = 5
                        metric = valLoss
                        lr = loguniform(1e-4, 1e-1)
                        l2 = uniform(0, 1e-3)
                        width = intRange(4, 16)
                        optimizer = choice(adam(lr = 1e-3), sgd)
                        beta1 = choice(0.8, 0.9)""");
        assertTrue(r.ok(), r.render());
        SweepSpec s = r.model().get().sweep().orElseThrow();
        assertEquals(SweepSpec.Method.RANDOM, s.method());
        assertEquals(12, s.trials());
        assertEquals(5, s.seed().getAsLong());
        assertEquals(SweepSpec.Metric.VAL_LOSS, s.metric());
        assertEquals(List.of("lr", "l2", "width", "optimizer", "beta1"), s.dimensions().stream().map(Dimension::key)
                .toList());
        assertEquals(new Dimension.Uniform("lr", 1e-4, 1e-1, true, s.dimensions().get(0).keySpan()),
                s.dimensions().get(0));
        assertEquals(List.of("adam(lr = 1e-3)", "sgd"), ((Dimension.Choice) s.dimensions().get(3)).values(),
                "values as written: what --set takes");
    }

    @Test
    void aGridIsTheDefaultAndCountsItsCombinations() {
        CompileResult r = compile("        lr = choice(1e-3, 1e-2, 1e-1)\n        width = intRange(4, 5)");
        SweepSpec s = r.model().orElseThrow().sweep().orElseThrow();
        assertEquals(SweepSpec.Method.GRID, s.method());
        assertEquals(6, s.trials());
        assertEquals(SweepSpec.Metric.VAL_ACC, s.metric());
    }

    @Test
    void anUnknownKeyIsReportedAtItsPositionWithDidYouMean() {
        Diagnostic d = onlyError(compile("        lerning = choice(1, 2)"));
        assertEquals("m.nn:9:9", d.span().toString());
        assertTrue(d.message().contains("unknown sweep key 'lerning'"), d.message());
        assertTrue(d.hint().orElse("").contains("learning") || d.hint().orElse("").contains("lr")
                || d.hint().orElse("").contains("earlyStop"), d.hint().toString());
        Diagnostic w = onlyError(compile("        widht = choice(1, 2)"));
        assertTrue(w.hint().orElse("").contains("width"), w.hint().toString());
    }

    @Test
    void theBadFormsEachGetAClearErrorWhereTheyAre() {
        assertTrue(onlyError(compile("        lr = 1e-3")).message().contains("must range over values"));
        Diagnostic misspelt = onlyError(compile("        lr = chioce(1e-3)"));
        assertEquals("m.nn:9:14", misspelt.span().toString());
        assertTrue(misspelt.hint().orElse("").contains("choice"), misspelt.toString());
        assertTrue(onlyError(compile("        lr = loguniform(0, 1)")).message().contains("not a range"));
        assertTrue(onlyError(compile("        lr = uniform(1, 1)")).message().contains("not a range"));
        assertTrue(onlyError(compile("        width = intRange(5, 4)")).message().contains("is empty"));
        assertTrue(onlyError(compile("        width = intRange(1.5, 4)")).message().contains("integer"));
        assertTrue(onlyError(compile("        lr = choice()")).message().contains("at least one"));
        assertTrue(onlyError(compile("        lr = uniform(1e-4, 1e-1)")).message().contains("grid cannot"));
        assertTrue(onlyError(compile("        method = random\n        lr = uniform(1e-4, 1e-1)")).message()
                .contains("number of trials"));
        assertTrue(onlyError(compile("        trials = 3\n        lr = choice(1, 2)")).message()
                .contains("trials = N is for method = random"));
        assertTrue(onlyError(compile("        method = grdi\n        lr = choice(1, 2)")).hint().orElse("")
                .contains("grid"));
        assertTrue(onlyError(compile("        metric = accuracy\n        lr = choice(1, 2)")).message()
                .contains("valAcc or valLoss"));
        assertTrue(onlyError(compile("        lr = choice(1, 2)\n        lr = choice(3)")).message()
                .contains("already set"));
        assertTrue(onlyError(compile("        metric = valAcc")).message().contains("ranges over no key"));
    }

    @Test
    void pruneTakesAshaWithGraceAndFactorCheckedAtTheirValues() {
        CompileResult r = compile("        lr = choice(1e-3, 1e-2)\n        prune = asha(grace = 2, factor = 4)");
        assertTrue(r.ok(), r.render());
        assertEquals(new dev.nnc.sweep.Asha.Config(2, 4), r.model().get().sweep().get().prune().get().asha());
        assertEquals(new dev.nnc.sweep.Asha.Config(1, 3), compile("        lr = choice(1e-3, 1e-2)\n"
                + "        prune = asha()").model().get().sweep().get().prune().get().asha(), "defaults 1 and 3");
        assertTrue(compile("        lr = choice(1e-3)").model().get().sweep().get().prune().isEmpty());

        Diagnostic grace = onlyError(compile("        lr = choice(1e-3)\n        prune = asha(grace = 0)"));
        assertEquals("m.nn:10:30", grace.span().toString());
        assertTrue(grace.message().contains("at least one epoch"), grace.message());
        Diagnostic factor = onlyError(compile("        lr = choice(1e-3)\n        prune = asha(factor = 1)"));
        assertTrue(factor.message().contains("factor must be 2 or more"), factor.message());
        Diagnostic metric = onlyError(compile("        lr = choice(1e-3)\n        prune = asha(metric = valLoss)"));
        assertTrue(metric.hint().orElse("").contains("sweep block's own metric"), metric.toString());
        Diagnostic typo = onlyError(compile("        lr = choice(1e-3)\n        prune = asha(grase = 2)"));
        assertTrue(typo.hint().orElse("").contains("grace"), typo.toString());
        Diagnostic other = onlyError(compile("        lr = choice(1e-3)\n        prune = median"));
        assertTrue(other.message().contains("asha(grace = G, factor = F)"), other.message());
    }

    @Test
    void aModelWithASweepBlockStillCompilesAndFormats() {
        CompileResult r = compile("        lr = choice(1e-3, 1e-2)");
        assertTrue(r.ok(), r.render());
        String formatted = Formatter.format(model("  lr   =choice( 1e-3,1e-2 )")).orElseThrow();
        assertTrue(formatted.contains("sweep {\n        lr = choice(1e-3, 1e-2)\n    }"), formatted);
        assertEquals(formatted, Formatter.format(formatted).orElseThrow(), "formatting is idempotent");
    }
}
