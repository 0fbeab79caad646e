package dev.nnc.train;

import dev.nnc.data.Batches;
import dev.nnc.data.Dataset;
import dev.nnc.ops.Mode;
import dev.nnc.exec.Network;
import dev.nnc.tensor.Targets;
import dev.nnc.tensor.Tensor;

/**
 * Runs a network in inference mode over a data set, in order: mean loss, accuracy and the confusion matrix
 * for classifiers. Reuses the caller's label buffer so evaluating every epoch allocates little.
 */
public final class Evaluation {

    /** Loss and accuracy of a data set; {@code confusion} is null for regression models. */
    public record Score(double loss, double accuracy, ConfusionMatrix confusion, int count) {
    }

    private Evaluation() {
    }

    public static Score of(Network net, Dataset data, int batchSize) {
        return of(net, data, batchSize, data.count());
    }

    /** Scores the first {@code limit} examples. */
    public static Score of(Network net, Dataset data, int batchSize, int limit) {
        Dataset d = limit < data.count() ? data.head(limit) : data;
        Batches batches = new Batches(d, batchSize, net.gemm());
        boolean classifier = net.graph().isClassifier();
        Targets targets = classifier ? Targets.labels(new int[batchSize])
                : Targets.values(net.input(1).zerosLike(batchSize, 1));
        int classes = (int) net.graph().output().shape().size();
        ConfusionMatrix confusion = classifier ? new ConfusionMatrix(classes) : null;
        double lossSum = 0;
        for (int b = 0; b < batches.batchCount(); b++) {
            int n = batches.fill(b, net.input(batches.batchLength(b)), targets);
            Tensor out = net.forward(Mode.INFER);
            if (net.hasLoss()) {
                lossSum += net.loss(targets) * n;
            }
            if (classifier) {
                for (int i = 0; i < n; i++) {
                    confusion.add(argmax(out, i, classes), targets.label(i));
                }
            }
        }
        int count = d.count();
        return new Score(lossSum / count, classifier ? confusion.accuracy() : Double.NaN, confusion, count);
    }

    static int argmax(Tensor out, int row, int classes) {
        int best = 0;
        double bestValue = out.get(row * classes);
        for (int c = 1; c < classes; c++) {
            double v = out.get(row * classes + c);
            if (v > bestValue) {
                bestValue = v;
                best = c;
            }
        }
        return best;
    }
}
