package dev.nnc.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.data.DataArgument;
import dev.nnc.data.DataKind;
import dev.nnc.data.DataLoader;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.OptimizerSpec;
import dev.nnc.graph.ScheduleSpec;
import dev.nnc.ops.OperatorRegistry;
import dev.nnc.train.Optimizers;
import dev.nnc.train.Schedules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The catalogues the front end checks a model against, and the registries that run it, name the same things
 * (CONTRIBUTING.md): layers and operators, loss layers, optimizers and their hyperparameters, data kinds and
 * their arguments. Every list here is read from the catalogues and registries, none is written out.
 */
class CatalogConsistencyTest {

    @Test
    void everyLayerHasAnOperatorAndEveryOperatorALayer() {
        Set<String> layers = LayerCatalog.layers().stream().map(LayerDef::name).collect(Collectors.toSet());
        Set<String> expected = new TreeSet<>(layers);
        expected.add(LayerGraph.BRANCH_OP); // what residual lowers to, not a layer of the language
        expected.add(LayerGraph.ADD_OP);
        assertEquals(expected, new TreeSet<>(OperatorRegistry.names()),
                "LayerCatalog (semantic) and OperatorRegistry (ops) must name the same layers");
    }

    @Test
    void theLossLayersAreTheCataloguesLossLayers() {
        Set<String> catalogue = LayerCatalog.layers().stream().filter(LayerDef::loss).map(LayerDef::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(catalogue, new TreeSet<>(LayerGraph.LOSS_OPS),
                "LayerCatalog's loss flags and LayerGraph.LOSS_OPS must agree");
    }

    @Test
    void everyCatalogueOptimizerIsRegistered() {
        assertEquals(List.copyOf(TrainCatalog.OPTIMIZERS.keySet()), Optimizers.names(),
                "TrainCatalog.OPTIMIZERS and Optimizers must list the same optimizers, in the same order");
    }

    @Test
    void eachOptimizerTakesExactlyTheCataloguesHyperparameters() {
        for (Signature sig : TrainCatalog.OPTIMIZERS.values()) {
            Map<String, Double> defaults = new LinkedHashMap<>();
            for (ArgSpec a : sig.params()) {
                defaults.put(a.name(), a.defaultValue().orElseThrow().asDouble());
            }
            // the catalogue's defaults are enough ...
            Optimizers.create(new OptimizerSpec(sig.name(), defaults), List.of());
            // ... and each one is needed: an optimizer that never reads a catalogue key would not fail here
            for (String key : defaults.keySet()) {
                Map<String, Double> without = new LinkedHashMap<>(defaults);
                without.remove(key);
                assertThrows(IllegalArgumentException.class,
                        () -> Optimizers.create(new OptimizerSpec(sig.name(), without), List.of()),
                        sig.name() + " does not read its hyperparameter " + key);
            }
        }
    }

    @Test
    void everyCatalogueScheduleIsRegistered() {
        assertEquals(List.copyOf(TrainCatalog.SCHEDULES.keySet()), Schedules.names(),
                "TrainCatalog.SCHEDULES and Schedules must list the same schedules, in the same order");
    }

    @Test
    void eachScheduleTakesExactlyTheCataloguesArguments() {
        for (Signature sig : TrainCatalog.SCHEDULES.values()) {
            Map<String, Object> defaults = new LinkedHashMap<>();
            for (ArgSpec a : sig.params()) {
                Value v = a.defaultValue().orElseThrow();
                defaults.put(a.name(), v.isNumber() ? (Object) v.asDouble() : ((Value.SymbolV) v).name());
            }
            Schedules.create(new ScheduleSpec(sig.name(), defaults), 10);
            for (String key : defaults.keySet()) {
                Map<String, Object> without = new LinkedHashMap<>(defaults);
                without.remove(key);
                assertThrows(IllegalArgumentException.class,
                        () -> Schedules.create(new ScheduleSpec(sig.name(), without), 10),
                        sig.name() + " does not read its argument " + key);
            }
        }
    }

    @Test
    void everyTrainKeyIsDocumentedForEditors() {
        for (Map.Entry<String, String> e : Catalogs.trainKeys().entrySet()) {
            assertTrue(!e.getValue().isBlank() && !e.getValue().startsWith(" Default"),
                    "train key " + e.getKey() + " has no description in Catalogs");
        }
    }

    @Test
    void everyCatalogueDataKindIsALoaderWithTheSameArguments() {
        List<String> loaders = DataLoader.kinds().stream().map(DataKind::name).toList();
        assertEquals(List.copyOf(TrainCatalog.DATA.keySet()), loaders,
                "TrainCatalog.DATA and DataLoader must list the same data kinds, in the same order");
        for (DataKind kind : DataLoader.kinds()) {
            Map<String, String> catalogue = new TreeMap<>();
            for (ArgSpec a : TrainCatalog.DATA.get(kind.name()).params()) {
                catalogue.put(a.name(), describe(a.defaultValue().isEmpty(), a.defaultValue().map(this::java)));
            }
            Map<String, String> loader = new TreeMap<>();
            for (DataArgument a : DataLoader.arguments(kind)) {
                loader.put(a.name(), describe(a.required(), a.defaultValue()));
            }
            assertEquals(catalogue, loader, "the arguments of " + kind.name() + " in TrainCatalog and its DataKind");
        }
    }

    @Test
    void theComparisonsAboveCanFail() {
        // the derived lists are not empty, so the equalities above compare something
        assertTrue(LayerCatalog.layers().size() > 10 && TrainCatalog.OPTIMIZERS.size() > 1
                && DataLoader.kinds().size() > 1 && !LayerGraph.LOSS_OPS.isEmpty());
    }

    /** Required, or the default as a number or string; an empty default and no default are both "none". */
    private static String describe(boolean required, Optional<Object> dflt) {
        if (required) {
            return "required";
        }
        return dflt.filter(v -> !"".equals(v))
                .map(v -> v instanceof Number n ? "default " + n.doubleValue() : "default " + v).orElse("none");
    }

    private Object java(Value v) {
        if (v instanceof Value.IntV i) {
            return i.value();
        }
        if (v instanceof Value.DoubleV d) {
            return d.value();
        }
        if (v instanceof Value.StringV s) {
            return s.value();
        }
        return v.show();
    }
}
