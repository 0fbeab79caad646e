package dev.nnc.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.CompileResult;
import dev.nnc.api.Nnc;
import dev.nnc.graph.ScheduleSpec;
import dev.nnc.graph.TrainConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@code schedule}, {@code lrDecay}, {@code labelSmoothing} and adamw resolve, from the file and from --set. */
class TrainScheduleSettingsTest {

    private static String model(String settings) {
        return "model M {\n    input(10) - affine(2) - softmax\n    train {\n" + settings + "\n    }\n}\n";
    }

    private static TrainConfig train(String settings, CompileOptions options) {
        CompileResult r = Nnc.compileString("t.nn", model(settings), options);
        return r.orThrow().graph().train();
    }

    @Test
    void theDefaultIsAConstantRateAndNoSmoothing() {
        TrainConfig t = train("epochs = 3", CompileOptions.defaults());
        assertEquals(ScheduleSpec.CONSTANT, t.schedule());
        assertEquals(1.0, t.lrDecay());
        assertEquals(0.0, t.labelSmoothing());
    }

    @Test
    void aScheduleGetsItsDefaultsFilledIn() {
        TrainConfig t = train("epochs = 20\nschedule = cosine(warmup = 2)\nlabelSmoothing = 0.1",
                CompileOptions.defaults());
        assertEquals(new ScheduleSpec("cosine", Map.of("warmup", 2.0, "minLr", 0.0)), t.schedule());
        assertEquals(0.1, t.labelSmoothing());
        assertEquals("reduceOnPlateau(monitor = valAcc, patience = 5, factor = 0.1, minLr = 0)",
                train("schedule = reduceOnPlateau(monitor = valAcc)", CompileOptions.defaults()).schedule().describe());
    }

    @Test
    void lrDecayIsAnExponentialSchedule() {
        TrainConfig t = train("lrDecay = 0.9", CompileOptions.defaults());
        assertEquals(ScheduleSpec.exponential(0.9), t.schedule());
        assertEquals(0.9, t.lrDecay());
        TrainConfig s = train("schedule = exponential(rate = 0.8)", CompileOptions.defaults());
        assertEquals(0.8, s.lrDecay(), "lrDecay reports the exponential schedule's rate");
    }

    @Test
    void aSetOfEitherReplacesTheFilesOther() {
        TrainConfig t = train("epochs = 5\nlrDecay = 0.9", CompileOptions.defaults().with("schedule", "step(every = 2)"));
        assertEquals(new ScheduleSpec("step", Map.of("every", 2.0, "factor", 0.1)), t.schedule());
        assertEquals(1.0, t.lrDecay());
        TrainConfig u = train("epochs = 5\nschedule = cosine", CompileOptions.defaults().with("lrDecay", "0.5"));
        assertEquals(ScheduleSpec.exponential(0.5), u.schedule());
    }

    @Test
    void aSetOfAScheduleArgumentReachesTheSchedule() {
        TrainConfig t = train("epochs = 20\nschedule = cosine(warmup = 2)",
                CompileOptions.defaults().with("warmup", "3").with("minLr", "1e-5"));
        assertEquals(new ScheduleSpec("cosine", Map.of("warmup", 3.0, "minLr", 1e-5)), t.schedule());
        TrainConfig p = train("schedule = reduceOnPlateau",
                CompileOptions.defaults().with("monitor", "valAcc").with("patience", "2"));
        assertEquals("valAcc", p.schedule().word("monitor"));
        assertEquals(2.0, p.schedule().get("patience"));
        TrainConfig r = train("lrDecay = 0.9", CompileOptions.defaults().with("rate", "0.7"));
        assertEquals(0.7, r.lrDecay(), "--set rate reaches the exponential schedule lrDecay stands for");
    }

    @Test
    void adamwWithoutL2CompilesAndWithAnL2OverrideDoesNot() {
        TrainConfig t = train("optimizer = adamw(lr = 1e-3)", CompileOptions.defaults());
        assertEquals(0.01, t.optimizer().get("weightDecay"));
        TrainConfig w = train("optimizer = adamw", CompileOptions.defaults().with("weightDecay", "0.05"));
        assertEquals(0.05, w.optimizer().get("weightDecay"));
        CompileResult r = Nnc.compileString("t.nn", model("optimizer = adamw"), CompileOptions.defaults().with("l2", "1e-4"));
        assertFalse(r.ok());
        assertEquals("l2 = 0.0001 and adamw's weightDecay = 0.01 both decay the weights",
                r.diagnostics().get(0).message());
        // adamw without decay is adam: l2 is then allowed
        assertEquals(1e-4, train("optimizer = adamw(weightDecay = 0)\nl2 = 1e-4", CompileOptions.defaults()).l2());
    }
}
