package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.train.EpochStats;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressListenerTest {

    @Test
    void ratesArePrintedWithoutFloatNoiseOrTrailingZeros() {
        assertEquals("0.0018", ProgressListener.rate(0.0018000000000000002));
        assertEquals("0.001", ProgressListener.rate(1e-3));
        assertEquals("0.1", ProgressListener.rate(0.1));
        assertEquals("1", ProgressListener.rate(1.0));
        assertEquals("0.0001234", ProgressListener.rate(1.234e-4));
        assertEquals("2.96e-06", ProgressListener.rate(2.95990735759e-6));
        assertEquals("0.0", ProgressListener.rate(0.0));
    }

    @Test
    void theEpochLineHasTheValidationLossAndTheRateAndTheProgressLineTheCurrentRate() {
        StringWriter text = new StringWriter();
        ProgressListener p = new ProgressListener(new PrintWriter(text), false);
        p.epochStarted(1, 2, 4);
        p.batchDone(1, 1, 4, 0.9, 10, 0.0025);
        p.batchDone(1, 2, 4, 0.8, 20, 0.005);
        p.epochDone(new EpochStats(1, 0.75, 0.6, 0.7, 0.65, 0.0018000000000000002, 2.0), true);
        String out = text.toString();
        assertTrue(out.contains("  epoch 1: 1/4 batches, loss 0.9000, lr 0.0025, "), out);
        assertTrue(out.contains("epoch   1  loss 0.7500  train_acc 0.6000  val_loss 0.7000  val_acc 0.6500  lr 0.0018  "
                + "2.0s  *"), out);
    }
}
