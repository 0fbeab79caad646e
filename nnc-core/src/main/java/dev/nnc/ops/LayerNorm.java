package dev.nnc.ops;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.Tensor;
import dev.nnc.graph.Node;
import java.util.Arrays;
import java.util.List;

/**
 * Layer normalization (Ba, Kiros and Hinton 2016): each example is normalized over its own D features
 * (D = the product of the example's dims), the same in TRAIN and INFER. Parameters {@code gamma},
 * {@code beta}, each of D elements.
 *
 * <pre>
 * μ_n = (1/D) Σ_d x_nd,  σ²_n = (1/D) Σ_d (x_nd - μ_n)²,  x̂ = (x - μ_n) / √(σ²_n + eps),  y = γ_d x̂ + β_d
 * dβ_d = Σ_n dy_nd,  dγ_d = Σ_n dy_nd x̂_nd,  g = γ_d dy_nd
 * dx_nd = (1/√(σ²_n + eps)) · (g - (1/D) Σ_d g - x̂_nd (1/D) Σ_d g x̂)
 * </pre>
 *
 * The per-example μ and 1/√(σ² + eps) are kept for backward (which recomputes x̂ from them) in buffers that
 * grow only with the batch.
 */
public final class LayerNorm implements Operator {

    private final double eps;
    private final Parameter gamma;
    private final Parameter beta;
    private final int features;
    /** dγ and dβ summed over the batch in double, whatever the precision of the gradient tensors. */
    private final double[] sumDyXhat;
    private final double[] sumDy;
    private double[] mean = new double[0];
    private double[] invStd = new double[0];

    public LayerNorm(Node node, List<Parameter> params, ExecContext ctx) {
        Preconditions.checkArgument(params.size() == 2, "layernorm has 2 parameters, got %s", params.size());
        this.eps = node.args().getDouble("eps");
        this.gamma = params.get(0);
        this.beta = params.get(1);
        this.features = gamma.value().size();
        Preconditions.checkArgument(beta.value().size() == features, "layernorm beta has %s elements, gamma %s",
                beta.value().size(), features);
        this.sumDyXhat = new double[features];
        this.sumDy = new double[features];
    }

    @Override
    public void forward(Tensor[] inputs, Tensor y, Mode mode) {
        Tensor x = Elementwise.only("layernorm", inputs);
        Elementwise.checkSameSize("layernorm", x, y);
        Preconditions.checkArgument(x.rowSize() == features, "layernorm over %s features got input %s",
                features, x);
        int n = x.dim(0);
        if (mean.length < n) {
            mean = new double[n];
            invStd = new double[n];
        }
        Tensor g = gamma.value();
        Tensor b = beta.value();
        for (int i = 0; i < n; i++) {
            int base = i * features;
            double sum = 0;
            for (int d = 0; d < features; d++) {
                sum += x.get(base + d);
            }
            double mu = sum / features;
            double sq = 0;
            for (int d = 0; d < features; d++) {
                double v = x.get(base + d) - mu;
                sq += v * v;
            }
            double is = 1.0 / Math.sqrt(sq / features + eps);
            mean[i] = mu;
            invStd[i] = is;
            for (int d = 0; d < features; d++) {
                y.set(base + d, (x.get(base + d) - mu) * is * g.get(d) + b.get(d));
            }
        }
    }

    @Override
    public void backward(Tensor[] inputs, Tensor output, Tensor dOutput, Tensor[] dInputs) {
        Tensor x = inputs[0];
        int n = x.dim(0);
        Arrays.fill(sumDyXhat, 0);
        Arrays.fill(sumDy, 0);
        Tensor g = gamma.value();
        Tensor dx = dInputs[0];
        for (int i = 0; i < n; i++) {
            int base = i * features;
            double mu = mean[i];
            double is = invStd[i];
            double sumG = 0;
            double sumGXhat = 0;
            for (int d = 0; d < features; d++) {
                double dy = dOutput.get(base + d);
                double xhat = (x.get(base + d) - mu) * is;
                sumDy[d] += dy;
                sumDyXhat[d] += dy * xhat;
                double gd = dy * g.get(d);
                sumG += gd;
                sumGXhat += gd * xhat;
            }
            if (dx == null) {
                continue;
            }
            double meanG = sumG / features;
            double meanGXhat = sumGXhat / features;
            for (int d = 0; d < features; d++) {
                double xhat = (x.get(base + d) - mu) * is;
                dx.set(base + d, is * (dOutput.get(base + d) * g.get(d) - meanG - xhat * meanGXhat));
            }
        }
        for (int d = 0; d < features; d++) {
            gamma.grad().set(d, sumDyXhat[d]);
            beta.grad().set(d, sumDy[d]);
        }
    }
}
