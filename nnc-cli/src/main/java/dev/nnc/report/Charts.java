package dev.nnc.report;

import com.google.common.base.Preconditions;
import dev.nnc.io.AtomicFiles;
import dev.nnc.io.RunFileException;
import dev.nnc.train.ConfusionMatrix;
import dev.nnc.train.EpochStats;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The run's charts as PNG, drawn with XChart off screen ({@code java.awt.headless} is set unless the
 * application chose otherwise): {@value #CURVES} (two panels, loss and accuracy, each with a training and a
 * validation curve per epoch) and {@value #CONFUSION} (the confusion matrix as a heat map with the counts written in). Files are
 * replaced atomically, like every other output of a run.
 */
public final class Charts {

    public static final String CURVES = "curves.png";
    public static final String CONFUSION = "confusion.png";

    /** One panel of curves.png; the image is two panels side by side. */
    public static final int PANEL_WIDTH = 640;
    public static final int PANEL_HEIGHT = 420;
    public static final int CONFUSION_WIDTH = 760;
    public static final int CONFUSION_HEIGHT = 680;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts() {
    }

    /** Writes curves.png: {@code 2 * PANEL_WIDTH} by {@code PANEL_HEIGHT} pixels. */
    public static void writeCurves(Path file, List<EpochStats> history) {
        Preconditions.checkArgument(!history.isEmpty(), "no epochs to plot");
        // Loss falls and accuracy rises: each legend goes in the corner its curves leave empty.
        XYChart loss = lineChart("Loss", "loss", Styler.LegendPosition.InsideNE);
        addSeries(loss, "train", history, EpochStats::loss);
        addSeries(loss, "validation", history, EpochStats::valLoss);
        readableTicks(loss, history, EpochStats::loss, EpochStats::valLoss);
        XYChart accuracy = lineChart("Accuracy", "accuracy", Styler.LegendPosition.InsideSE);
        addSeries(accuracy, "train", history, EpochStats::trainAcc);
        addSeries(accuracy, "validation", history, EpochStats::valAcc);
        readableTicks(accuracy, history, EpochStats::trainAcc, EpochStats::valAcc);
        if (accuracy.getSeriesMap().isEmpty()) {
            accuracy.setTitle("Accuracy (not measured)");
        }

        BufferedImage image = new BufferedImage(2 * PANEL_WIDTH, PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.drawImage(BitmapEncoder.getBufferedImage(loss), 0, 0, null);
            g.drawImage(BitmapEncoder.getBufferedImage(accuracy), PANEL_WIDTH, 0, null);
        } finally {
            g.dispose();
        }
        writePng(file, image);
    }

    /**
     * Writes confusion.png: true class down the side (class 0 at the top), predicted class along the bottom,
     * labelled with {@code names} when given and class indices otherwise.
     */
    public static void writeConfusion(Path file, ConfusionMatrix matrix, List<String> names) {
        int k = matrix.classes();
        Preconditions.checkArgument(names.isEmpty() || names.size() == k, "%s names for %s classes", names.size(), k);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            labels.add(names.isEmpty() ? Integer.toString(i) : names.get(i));
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(CONFUSION_WIDTH).height(CONFUSION_HEIGHT)
                .title(String.format(java.util.Locale.ROOT, "Confusion matrix (accuracy %.2f%%)",
                        100 * matrix.accuracy()))
                .xAxisTitle("predicted").yAxisTitle("true").build();
        // The y axis grows upwards; list the classes bottom-up so the table reads like the text rendering.
        List<String> yLabels = new ArrayList<>(labels);
        java.util.Collections.reverse(yLabels);
        List<Number[]> cells = new ArrayList<>();
        long max = 0;
        for (int actual = 0; actual < k; actual++) {
            for (int predicted = 0; predicted < k; predicted++) {
                long c = matrix.count(actual, predicted);
                max = Math.max(max, c);
                cells.add(new Number[] {predicted, k - 1 - actual, c});
            }
        }
        chart.addSeries("counts", labels, yLabels, cells);
        chart.getStyler().setShowValue(true).setHeatMapValueDecimalPattern("#")
                .setMin(0).setMax(Math.max(1, max))
                // A palette that stops at a mid blue, so the black counts stay readable on every cell.
                .setRangeColors(new Color[] {new Color(247, 251, 255), new Color(158, 202, 225), new Color(66, 146, 198)})
                .setValueFontColor(Color.BLACK);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisLabelRotation(names.isEmpty() ? 0 : 45);
        writePng(file, BitmapEncoder.getBufferedImage(chart));
    }

    private static XYChart lineChart(String title, String yTitle, Styler.LegendPosition legend) {
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title)
                .xAxisTitle("epoch").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(legend);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("#");
        return chart;
    }

    /**
     * Formats the y axis with as many decimals as its span needs ({@link #tickPattern}): XChart's default prints a
     * tick as the raw double ({@code 1.163811758630276}) when the range is narrow.
     */
    @SafeVarargs
    private static void readableTicks(XYChart chart, List<EpochStats> history, ToDoubleFunction<EpochStats>... values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (EpochStats e : history) {
            for (ToDoubleFunction<EpochStats> f : values) {
                double v = f.applyAsDouble(e);
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (min <= max) {
            chart.getStyler().setYAxisDecimalPattern(tickPattern(min, max));
        }
    }

    /**
     * A decimal pattern for ticks between {@code min} and {@code max}: about two significant digits of the span
     * ({@code 0.##} for losses from 0.3 to 2.3, {@code 0.#####} for 0.912 to 0.918), at least one decimal.
     */
    static String tickPattern(double min, double max) {
        double span = max - min;
        if (span <= 1e-9 * Math.max(1, Math.abs(max))) {
            return "0.####"; // one value: XChart draws a few ticks around it
        }
        int decimals = Math.max(1, Math.min(8, (int) Math.ceil(-Math.log10(span / 10)) + 1));
        return "0." + "#".repeat(decimals);
    }

    /** A line of the measured (non-NaN) epochs; nothing when no epoch measured this value. */
    private static void addSeries(XYChart chart, String name, List<EpochStats> history,
                                  ToDoubleFunction<EpochStats> value) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (EpochStats e : history) {
            double v = value.applyAsDouble(e);
            if (Double.isFinite(v)) {
                x.add((double) e.epoch());
                y.add(v);
            }
        }
        if (!x.isEmpty()) {
            XYSeries series = chart.addSeries(name, x, y);
            series.setMarker(SeriesMarkers.CIRCLE);
        }
    }

    private static void writePng(Path file, BufferedImage image) {
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            if (!ImageIO.write(image, "png", png)) {
                throw new IOException("no PNG writer available");
            }
            AtomicFiles.write(file, png.toByteArray());
        } catch (IOException e) {
            throw RunFileException.cannotWrite(file, e);
        }
    }
}
