package dev.nnc.train;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.F32Tensor;
import dev.nnc.tensor.F64Tensor;
import dev.nnc.ops.Parameter;
import dev.nnc.tensor.Tensor;
import dev.nnc.graph.OptimizerSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared part of every optimizer: the trainable parameters, the learning rate, one zero-initialised slot
 * tensor per (slot, parameter) in the parameter's precision, and the export/import of that state.
 * Subclasses write the update rule twice, once on {@code float[]} and once on {@code double[]}, so the hot
 * loop runs on raw arrays: the double rule in double, the float one in float so the JIT can vectorize it.
 */
abstract class SlotOptimizer implements Optimizer {

    private final String name;
    private final Map<String, Double> hyper;
    private final Parameter[] params;
    private final String[] slotNames;
    /** {@code slots[s][p]}: slot {@code s} of parameter {@code p}, same shape and precision as its value. */
    private final Tensor[][] slots;
    protected double lr;

    protected SlotOptimizer(OptimizerSpec spec, List<Parameter> all, String... slotNames) {
        this.name = spec.name();
        this.hyper = new LinkedHashMap<>(spec.hyper());
        this.lr = spec.lr();
        Preconditions.checkArgument(lr >= 0 && Double.isFinite(lr), "learning rate %s", lr);
        this.params = all.stream().filter(p -> p.trainable() && p.grad() != null).toArray(Parameter[]::new);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Parameter p : params) {
            Preconditions.checkArgument(names.add(p.name()), "parameter %s is listed twice", p.name());
            Preconditions.checkArgument(p.grad().precision() == p.value().precision()
                            && Arrays.equals(p.grad().shape(), p.value().shape()),
                    "gradient %s of parameter %s does not match its value %s", p.grad(), p.name(), p.value());
        }
        this.slotNames = slotNames.clone();
        this.slots = new Tensor[slotNames.length][params.length];
        for (int s = 0; s < slotNames.length; s++) {
            for (int p = 0; p < params.length; p++) {
                slots[s][p] = params[p].value().zerosLike(params[p].value().shape());
            }
        }
    }

    /** Hyperparameter {@code key} of the spec, checked to lie in [{@code lo}, {@code hi}). */
    protected static double hyper(OptimizerSpec spec, String key, double lo, double hi) {
        double v = spec.get(key);
        Preconditions.checkArgument(v >= lo && v < hi, "optimizer %s: %s = %s is outside [%s, %s)",
                spec.name(), key, v, lo, hi);
        return v;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final OptimizerSpec spec() {
        return new OptimizerSpec(name, hyper).with("lr", lr);
    }

    @Override
    public final double learningRate() {
        return lr;
    }

    @Override
    public final void setLearningRate(double lr) {
        if (!(lr >= 0 && Double.isFinite(lr))) { // not checkArgument: that would box lr at every step of a schedule
            throw new IllegalArgumentException("learning rate " + lr);
        }
        this.lr = lr;
    }

    @Override
    public final void step() {
        beginStep();
        for (int p = 0; p < params.length; p++) {
            Tensor w = params[p].value();
            if (w instanceof F32Tensor f) {
                update(p, f.data(), ((F32Tensor) params[p].grad()).data(), w.size());
            } else {
                update(p, ((F64Tensor) w).data(), ((F64Tensor) params[p].grad()).data(), w.size());
            }
        }
    }

    /** Whether parameter {@code p} is a weight (affine, conv), the parameters weight decay and L2 apply to. */
    protected final boolean isWeight(int p) {
        return params[p].spec().role().regularized();
    }

    /** Called once per step before any parameter is updated (adam counts steps here). */
    protected void beginStep() {
    }

    /** Updates the first {@code n} elements of parameter {@code p}'s value {@code w} from its gradient. */
    protected abstract void update(int p, float[] w, float[] dw, int n);

    protected abstract void update(int p, double[] w, double[] dw, int n);

    protected final float[] slotF32(int slot, int p) {
        return ((F32Tensor) slots[slot][p]).data();
    }

    protected final double[] slotF64(int slot, int p) {
        return ((F64Tensor) slots[slot][p]).data();
    }

    /** Scalars of the state, such as adam's {@code t}; none by default. */
    protected Map<String, Double> scalars() {
        return Map.of();
    }

    protected void setScalars(Map<String, Double> scalars) {
    }

    @Override
    public final OptimizerState exportState() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int s = 0; s < slotNames.length; s++) {
            for (int p = 0; p < params.length; p++) {
                Tensor copy = slots[s][p].zerosLike(slots[s][p].shape());
                copy.copyFrom(slots[s][p]);
                tensors.put(OptimizerState.tensorName(slotNames[s], params[p].name()), copy);
            }
        }
        return new OptimizerState(tensors, scalars());
    }

    @Override
    public final void importState(OptimizerState state) {
        Map<String, Double> expectedScalars = scalars();
        for (String key : expectedScalars.keySet()) {
            Double v = state.scalars().get(key);
            Preconditions.checkArgument(v != null && Double.isFinite(v),
                    "%s state has no valid scalar '%s'", name, key);
        }
        for (String key : state.scalars().keySet()) {
            Preconditions.checkArgument(expectedScalars.containsKey(key),
                    "%s state has an unexpected scalar '%s'", name, key);
        }
        int expectedTensors = 0;
        for (int s = 0; s < slotNames.length; s++) {
            for (int p = 0; p < params.length; p++) {
                String key = OptimizerState.tensorName(slotNames[s], params[p].name());
                Tensor t = state.tensors().get(key);
                Preconditions.checkArgument(t != null, "%s state has no tensor '%s'", name, key);
                Preconditions.checkArgument(Arrays.equals(t.shape(), slots[s][p].shape()),
                        "%s state tensor '%s' has shape %s but the parameter has shape %s", name, key,
                        ShapeText.of(t.shape()), ShapeText.of(slots[s][p].shape()));
                expectedTensors++;
            }
        }
        if (state.tensors().size() != expectedTensors) {
            for (String key : state.tensors().keySet()) {
                Preconditions.checkArgument(isSlotTensor(key), "%s state has an unexpected tensor '%s'", name, key);
            }
        }
        // Everything is checked: only now change the state, so a failed import leaves it as it was.
        for (int s = 0; s < slotNames.length; s++) {
            for (int p = 0; p < params.length; p++) {
                slots[s][p].copyFrom(state.tensors().get(OptimizerState.tensorName(slotNames[s], params[p].name())));
            }
        }
        setScalars(state.scalars());
    }

    private boolean isSlotTensor(String key) {
        for (String slot : slotNames) {
            for (Parameter p : params) {
                if (key.equals(OptimizerState.tensorName(slot, p.name()))) {
                    return true;
                }
            }
        }
        return false;
    }
}
