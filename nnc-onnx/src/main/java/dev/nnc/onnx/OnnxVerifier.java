package dev.nnc.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.nnc.api.Model;
import dev.nnc.data.DataLoader;
import dev.nnc.data.DataSplits;
import dev.nnc.data.Dataset;
import dev.nnc.data.LoadOptions;
import dev.nnc.data.Preprocessing;
import dev.nnc.data.DataException;
import dev.nnc.graph.DataSpec;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Shape;
import dev.nnc.tensor.Rng;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs an exported model in ONNX Runtime (Java) and nnc's inference forward on the same raw inputs: seeded
 * random examples over the raw range, then a batch of the model's test data. Both see raw values; nnc applies
 * the checkpoint's preprocessing as training did, ONNX Runtime the nodes the export embedded.
 */
final class OnnxVerifier {

    private OnnxVerifier() {
    }

    static Verification verify(byte[] onnx, Model model, int seeded, int testExamples, long seed) {
        LayerGraph graph = model.graph();
        Shape shape = graph.inputShape();
        Preprocessing p = model.preprocessing().orElse(Preprocessing.none(shape, 1.0));
        List<String> notes = new ArrayList<>();
        List<Dataset> sets = new ArrayList<>();
        if (seeded > 0) {
            sets.add(seededInputs(shape, p, seeded, seed));
        }
        int tested = 0;
        if (testExamples > 0) {
            if (graph.train().data().isEmpty()) {
                notes.add("the model names no data set, so only seeded inputs were compared");
            } else {
                try {
                    DataSplits data = load(graph.train().data().get());
                    Dataset test = data.test().orElse(data.validation()).head(testExamples);
                    if (test.exampleShape().size() == shape.size() && !test.isEmpty()) {
                        sets.add(test);
                        tested = test.count();
                    } else {
                        notes.add("the test data does not fit the model's input, so only seeded inputs were compared");
                    }
                } catch (DataException e) {
                    notes.add("test data not compared: " + e.getMessage());
                }
            }
        }
        Errors errors = new Errors(graph.isClassifier() ? (int) graph.output().shape().size() : 0);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(onnx, options)) {
                for (Dataset d : sets) {
                    compare(session, env, model, d.withPreprocessing(p), errors);
                }
            }
        } catch (OrtException e) {
            throw new OnnxException("ONNX Runtime rejected the exported model: " + e.getMessage(), e);
        }
        return new Verification(seeded, tested, errors.maxAbs, errors.maxRel, errors.worst, errors.sameClass, notes);
    }

    /**
     * The data without reading every training example: the test split is never limited, and 20,000 training
     * examples leave room for any validation split the tests and models use; a larger one loads everything.
     */
    private static DataSplits load(DataSpec spec) {
        try {
            return DataLoader.load(spec, LoadOptions.limit(20_000));
        } catch (DataException e) {
            return DataLoader.load(spec, LoadOptions.all());
        }
    }

    /** Raw values as the data would have them: integers 0..255 for pixel scaling, else uniform in [-1, 1). */
    private static Dataset seededInputs(Shape shape, Preprocessing p, int n, long seed) {
        Rng rng = new Rng(seed);
        boolean pixels = p.scale() == Preprocessing.PIXEL_SCALE;
        float[] values = new float[Math.toIntExact(n * shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = pixels ? (float) Math.floor(rng.nextDouble() * 256) : (float) (2 * rng.nextDouble() - 1);
        }
        return Dataset.ofFloats("seeded inputs", shape, values, null, null, 0);
    }

    private static void compare(OrtSession session, OrtEnvironment env, Model model, Dataset d, Errors errors)
            throws OrtException {
        int batch = Math.max(1, model.config().batchSize());
        int size = d.exampleSize();
        float[] outputs = model.outputs(d);
        int per = outputs.length / Math.max(1, d.count());
        int batches = (d.count() + batch - 1) / batch;
        long[] dims = new long[model.graph().inputShape().rank() + 1];
        for (int i = 1; i < dims.length; i++) {
            dims[i] = model.graph().inputShape().dim(i - 1);
        }
        for (int b = 0; b < batches; b++) {
            int n = Math.min(batch, d.count() - b * batch);
            float[] nnc = java.util.Arrays.copyOfRange(outputs, b * batch * per, (b * batch + n) * per);
            float[] raw = new float[n * size];
            for (int i = 0; i < n; i++) {
                int example = b * batch + i;
                for (int j = 0; j < size; j++) {
                    raw[i * size + j] = d.raw(example, j);
                }
            }
            dims[0] = n;
            try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(raw), dims);
                 OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, input))) {
                FloatBuffer ort = ((OnnxTensor) result.get(0)).getFloatBuffer();
                errors.add(nnc, ort, n);
            }
        }
    }

    /** Running maxima of the errors. */
    private static final class Errors {
        final int classes;
        double maxAbs;
        double maxRel;
        double worst;
        int sameClass;

        Errors(int classes) {
            this.classes = classes;
        }

        void add(float[] nnc, FloatBuffer ort, int n) {
            int per = nnc.length / n;
            if (ort.remaining() != nnc.length) {
                throw new OnnxException("ONNX Runtime gave " + ort.remaining() + " output values, nnc " + nnc.length);
            }
            for (int i = 0; i < n; i++) {
                int bestNnc = 0;
                int bestOrt = 0;
                for (int k = 0; k < per; k++) {
                    double a = nnc[i * per + k];
                    double o = ort.get(i * per + k);
                    double err = Math.abs(a - o);
                    if (!(err <= Double.MAX_VALUE)) { // NaN or infinite on either side
                        err = Double.POSITIVE_INFINITY;
                    }
                    maxAbs = Math.max(maxAbs, err);
                    if (Math.abs(a) >= 1e-6) {
                        maxRel = Math.max(maxRel, err / Math.abs(a));
                    }
                    worst = Math.max(worst, err / (Verification.ABS_TOLERANCE + Verification.REL_TOLERANCE * Math.abs(a)));
                    if (a > nnc[i * per + bestNnc]) {
                        bestNnc = k;
                    }
                    if (o > ort.get(i * per + bestOrt)) {
                        bestOrt = k;
                    }
                }
                if (classes == 0 || bestNnc == bestOrt) {
                    sameClass++;
                }
            }
        }
    }
}
