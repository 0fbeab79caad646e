package dev.nnc.cli;

import dev.nnc.train.EpochStats;
import dev.nnc.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * What {@code nnc train} shows while it works: on a terminal, a live bar per epoch (batches, running loss,
 * learning rate, examples/s, ETA); otherwise (a pipe, CI) a plain line about every quarter epoch. One summary line
 * per epoch either way: loss, train_acc, val_loss, val_acc (nan when not measured), lr, seconds, and {@code *}
 * when the epoch is the best so far.
 */
final class ProgressListener implements TrainingListener {

    private final PrintWriter out;
    private final boolean live;
    private ProgressBar bar;
    private long epochStart;
    private int lastQuarter;

    ProgressListener(PrintWriter out, boolean live) {
        this.out = out;
        this.live = live;
    }

    @Override
    public void epochStarted(int epoch, int epochs, int batches) {
        epochStart = System.nanoTime();
        lastQuarter = 0;
        if (live) {
            bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                    .setInitialMax(batches).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        }
    }

    @Override
    public void batchDone(int epoch, int batch, int batches, double runningLoss, long examples, double lr) {
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        String rate = String.format(Locale.ROOT, "loss %.4f, lr %s, %,.0f ex/s", runningLoss, rate(lr),
                examples / Math.max(seconds, 1e-9));
        if (live) {
            bar.stepTo(batch);
            bar.setExtraMessage(rate);
        } else if (batch * 4 / batches > lastQuarter && batch < batches) {
            lastQuarter = batch * 4 / batches;
            out.printf(Locale.ROOT, "  epoch %d: %d/%d batches, %s%n", epoch, batch, batches, rate);
            out.flush();
        }
    }

    @Override
    public void epochDone(EpochStats s, boolean improved) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        out.printf(Locale.ROOT, "epoch %3d  loss %.4f  train_acc %.4f  val_loss %.4f  val_acc %.4f  lr %s  %.1fs%s%n",
                s.epoch(), s.loss(), s.trainAcc(), s.valLoss(), s.valAcc(), rate(s.lr()), s.seconds(),
                improved ? "  *" : "");
        out.flush();
    }

    /** A learning rate in at most 4 significant digits and no trailing zeros: 0.001, 0.0018, 3.162e-05. */
    static String rate(double lr) {
        if (!Double.isFinite(lr) || lr == 0) {
            return Double.toString(lr);
        }
        String s = String.format(Locale.ROOT, Math.abs(lr) >= 1e-4 && Math.abs(lr) < 1e4 ? "%.4g" : "%.3e", lr);
        if (s.contains("e")) {
            return s.replaceAll("\\.?0+e", "e");
        }
        return s.contains(".") ? s.replaceAll("\\.?0+$", "") : s;
    }

    @Override
    public void message(String text) {
        out.println(text);
        out.flush();
    }
}
