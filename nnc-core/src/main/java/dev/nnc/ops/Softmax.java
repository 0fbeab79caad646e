package dev.nnc.ops;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.Targets;
import dev.nnc.tensor.Tensor;
import dev.nnc.graph.Node;
import java.util.List;

/**
 * Softmax classifier, the terminal layer over K classes (K = all of an example's elements).
 *
 * <pre>
 * forward:  p_ik = e^(x_ik - m_i) / Z_i,  m_i = max_k x_ik,  Z_i = Σ_k e^(x_ik - m_i)
 * loss:     L = -(1/N) Σ_i log p_i,y_i = -(1/N) Σ_i (x_i,y_i - m_i - log Z_i)
 * backward: dx_ik = (p_ik - [k = y_i]) / N
 * </pre>
 *
 * With label smoothing ε ({@link Targets#smoothedLabels}) the target of example i is the distribution
 * q_ik = (1 - ε)·[k = y_i] + ε/K instead of the one-hot label:
 * <pre>
 * loss:     L = -(1/N) Σ_i Σ_k q_ik log p_ik = (1/N) Σ_i (m_i + log Z_i - (1 - ε)·x_i,y_i - (ε/K)·Σ_k x_ik)
 * backward: dx_ik = (p_ik - q_ik) / N
 * </pre>
 * (Σ_k q_ik = 1, so the log-normalizer enters once per example.) ε = 0 is the plain loss, bit for bit.
 *
 * Subtracting the row max keeps every exponent ≤ 0 (no overflow, Z_i ≥ 1); the loss is taken from the
 * log-softmax rather than log p, which would be -∞ once p underflows. m_i + log Z_i is kept per example
 * from forward in a buffer that grows only with the batch. Backward ignores {@code dOutput} (null by the
 * {@link LossOperator} contract).
 */
public final class Softmax implements LossOperator {

    private double[] logNormalizer = new double[0];
    private Targets targets;

    public Softmax(Node node, List<Parameter> params, ExecContext ctx) {
    }

    @Override
    public void forward(Tensor[] inputs, Tensor output, Mode mode) {
        Tensor x = Elementwise.only("softmax", inputs);
        Elementwise.checkSameSize("softmax", x, output);
        int n = x.dim(0);
        int k = x.rowSize();
        if (logNormalizer.length < n) {
            logNormalizer = new double[n];
        }
        for (int i = 0; i < n; i++) {
            int base = i * k;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, x.get(base + j));
            }
            double z = 0;
            for (int j = 0; j < k; j++) {
                double e = Math.exp(x.get(base + j) - max);
                output.set(base + j, e);
                z += e;
            }
            double inv = 1.0 / z;
            for (int j = 0; j < k; j++) {
                output.set(base + j, output.get(base + j) * inv);
            }
            logNormalizer[i] = max + Math.log(z);
        }
    }

    @Override
    public double loss(Tensor[] inputs, Tensor output, Targets targets) {
        Tensor x = inputs[0];
        int n = x.dim(0);
        int k = x.rowSize();
        LossTargets.checkLabels("softmax", targets, n, k);
        this.targets = targets;
        double eps = targets.smoothing();
        double sum = 0;
        if (eps == 0) {
            for (int i = 0; i < n; i++) {
                sum += logNormalizer[i] - x.get(i * k + targets.label(i));
            }
            return sum / n;
        }
        double spread = eps / k;
        for (int i = 0; i < n; i++) {
            int base = i * k;
            double rowSum = 0;
            for (int j = 0; j < k; j++) {
                rowSum += x.get(base + j);
            }
            sum += logNormalizer[i] - (1 - eps) * x.get(base + targets.label(i)) - spread * rowSum;
        }
        return sum / n;
    }

    @Override
    public void backward(Tensor[] inputs, Tensor output, Tensor dOutput, Tensor[] dInputs) {
        Preconditions.checkState(targets != null, "softmax backward before loss");
        Tensor dx = dInputs[0];
        if (dx == null) {
            return;
        }
        Elementwise.checkSameSize("softmax", output, dx);
        int n = output.dim(0);
        int k = output.rowSize();
        double invN = 1.0 / n;
        double eps = targets.smoothing();
        if (eps == 0) {
            for (int i = 0; i < n; i++) {
                int base = i * k;
                for (int j = 0; j < k; j++) {
                    dx.set(base + j, output.get(base + j) * invN);
                }
                dx.add(base + targets.label(i), -invN);
            }
            return;
        }
        double spread = eps / k;
        for (int i = 0; i < n; i++) {
            int base = i * k;
            for (int j = 0; j < k; j++) {
                dx.set(base + j, (output.get(base + j) - spread) * invN);
            }
            dx.add(base + targets.label(i), -(1 - eps) * invN);
        }
    }
}
