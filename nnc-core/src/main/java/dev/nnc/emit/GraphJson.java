package dev.nnc.emit;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.nnc.diag.SourceSpan;
import dev.nnc.graph.DataSpec;
import dev.nnc.graph.Init;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Node;
import dev.nnc.graph.ParamSpec;
import dev.nnc.graph.Shape;
import dev.nnc.graph.TrainConfig;
import dev.nnc.semantic.CompiledModel;
import java.util.Map;

/**
 * The layer graph as JSON, schema {@code nnc.graph/N} with N = {@link LayerGraph#SCHEMA_VERSION}; every field
 * is documented in docs/graph-json.md. Keys come out in a fixed order (insertion order of the objects built
 * here, never hash order), so the same model always gives the same bytes.
 */
public final class GraphJson {

    public static final String SCHEMA = "nnc.graph/" + LayerGraph.SCHEMA_VERSION;

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

    private GraphJson() {
    }

    public static String emit(CompiledModel model) {
        return GSON.toJson(toJson(model)) + "\n";
    }

    public static JsonObject toJson(CompiledModel model) {
        LayerGraph g = model.graph();
        JsonObject root = new JsonObject();
        root.addProperty("schema", SCHEMA);
        root.addProperty("model", g.model());
        root.add("inputShape", shape(g.inputShape()));
        root.add("outputShape", shape(g.output().shape()));
        root.add("loss", g.lossOp().<JsonElement>map(JsonPrimitive::new).orElse(JsonNull.INSTANCE));
        JsonArray nodes = new JsonArray();
        JsonArray edges = new JsonArray();
        for (Node n : g.nodes()) {
            nodes.add(node(n, model.flops().get(n.id())));
            for (int from : n.inputs()) {
                JsonObject e = new JsonObject();
                e.addProperty("from", from);
                e.addProperty("to", n.id());
                e.add("shape", shape(g.nodes().get(from).shape()));
                edges.add(e);
            }
        }
        root.add("nodes", nodes);
        root.add("edges", edges);
        root.add("totals", totals(ModelStats.of(model)));
        root.add("train", train(g.train()));
        return root;
    }

    private static JsonObject node(Node n, long flops) {
        JsonObject o = new JsonObject();
        o.addProperty("id", n.id());
        o.addProperty("name", n.name());
        o.addProperty("op", n.op());
        o.addProperty("text", OpText.of(n));
        JsonObject args = new JsonObject();
        n.args().values().forEach((k, v) -> args.add(k, value(v)));
        o.add("args", args);
        JsonArray inputs = new JsonArray();
        n.inputs().forEach(inputs::add);
        o.add("inputs", inputs);
        o.add("shape", shape(n.shape()));
        JsonArray params = new JsonArray();
        for (ParamSpec p : n.params()) {
            JsonObject po = new JsonObject();
            po.addProperty("name", p.name());
            po.add("shape", shape(p.shape()));
            po.addProperty("init", p.init().describe());
            po.addProperty("role", p.role().name().toLowerCase(java.util.Locale.ROOT));
            po.addProperty("trainable", p.role().trainable());
            po.addProperty("fanIn", p.fanIn());
            po.addProperty("fanOut", p.fanOut());
            params.add(po);
        }
        o.add("params", params);
        o.addProperty("flops", flops);
        o.add("source", span(n.span()));
        return o;
    }

    private static JsonObject totals(ModelStats s) {
        JsonObject o = new JsonObject();
        o.addProperty("trainableParams", s.trainableParams());
        o.addProperty("nonTrainableParams", s.nonTrainableParams());
        o.addProperty("flopsPerExample", s.flopsPerExample());
        o.addProperty("bytesPerValue", s.bytesPerValue());
        o.addProperty("parameterBytes", s.parameterBytes());
        o.addProperty("activationBytes", s.activationBytes());
        return o;
    }

    private static JsonObject train(TrainConfig t) {
        JsonObject o = new JsonObject();
        o.add("data", t.data().<JsonElement>map(GraphJson::data).orElse(JsonNull.INSTANCE));
        JsonObject opt = new JsonObject();
        opt.addProperty("name", t.optimizer().name());
        JsonObject hyper = new JsonObject();
        t.optimizer().hyper().forEach(hyper::addProperty);
        opt.add("hyper", hyper);
        o.add("optimizer", opt);
        o.addProperty("epochs", t.epochs());
        o.addProperty("batchSize", t.batchSize());
        o.addProperty("lrDecay", t.lrDecay());
        o.addProperty("l2", t.l2());
        if (!t.schedule().isConstant()) { // only when set, so graphs without a schedule read as before
            JsonObject sched = new JsonObject();
            sched.addProperty("name", t.schedule().name());
            JsonObject args = new JsonObject();
            t.schedule().args().forEach((k, v) -> {
                if (v instanceof Double x) {
                    args.addProperty(k, x);
                } else {
                    args.addProperty(k, (String) v);
                }
            });
            sched.add("args", args);
            o.add("schedule", sched);
        }
        if (t.labelSmoothing() != 0) {
            o.addProperty("labelSmoothing", t.labelSmoothing());
        }
        o.add("seed", t.seed().isPresent() ? new JsonPrimitive(t.seed().getAsLong()) : JsonNull.INSTANCE);
        o.addProperty("precision", t.precision().label());
        o.addProperty("keepBest", t.keepBest());
        if (t.earlyStop().isPresent()) {
            JsonObject es = new JsonObject();
            es.addProperty("patience", t.earlyStop().getAsInt());
            o.add("earlyStop", es);
        } else {
            o.add("earlyStop", JsonNull.INSTANCE);
        }
        if (!t.augment().isEmpty()) { // only when set, so graphs without augmentation read as before
            JsonArray aug = new JsonArray();
            for (dev.nnc.graph.AugmentSpec.Op op : t.augment().ops()) {
                JsonObject a = new JsonObject();
                a.addProperty("name", op.name());
                JsonObject args = new JsonObject();
                op.args().forEach(args::addProperty);
                a.add("args", args);
                aug.add(a);
            }
            o.add("augment", aug);
        }
        return o;
    }

    private static JsonObject data(DataSpec d) {
        JsonObject o = new JsonObject();
        o.addProperty("kind", d.kind());
        JsonObject args = new JsonObject();
        for (Map.Entry<String, Object> e : d.args().entrySet()) {
            args.add(e.getKey(), value(e.getValue()));
        }
        o.add("args", args);
        o.addProperty("baseDir", d.baseDir().toString());
        return o;
    }

    private static JsonObject span(SourceSpan s) {
        JsonObject o = new JsonObject();
        o.addProperty("file", s.file());
        o.addProperty("line", s.line());
        o.addProperty("column", s.column());
        o.addProperty("endLine", s.endLine());
        o.addProperty("endColumn", s.endColumn());
        return o;
    }

    private static JsonArray shape(Shape s) {
        JsonArray a = new JsonArray();
        s.dims().forEach(a::add);
        return a;
    }

    /** Integer, Double, Boolean and String as themselves; an initializer as its .nn spelling. */
    private static JsonElement value(Object v) {
        if (v instanceof Number n) {
            return new JsonPrimitive(n);
        } else if (v instanceof Boolean b) {
            return new JsonPrimitive(b);
        } else if (v instanceof Init i) {
            return new JsonPrimitive(i.describe());
        } else if (v instanceof java.util.List<?> l) { // an image size, (H, W)
            JsonArray a = new JsonArray();
            l.forEach(x -> a.add(value(x)));
            return a;
        }
        return new JsonPrimitive(String.valueOf(v));
    }
}
