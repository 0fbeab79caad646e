package dev.nnc.maven;

import java.util.Map;

/**
 * A one-line description of each stable diagnostic code (docs/language.md, "Diagnostics"), the SARIF rule
 * metadata code-scanning tools show next to a result. An unknown code (a newer compiler) is described by
 * its own words.
 */
final class Rules {

    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("file-not-found", "A model file or an imported file does not exist."),
            Map.entry("file-unreadable", "A model file or an imported file cannot be read."),
            Map.entry("file-too-large", "A file is larger than the 16 MiB the compiler reads."),
            Map.entry("import-cycle", "Files import each other in a cycle."),
            Map.entry("syntax", "The text is not valid .nn syntax."),
            Map.entry("too-deep", "The program is nested too deeply to compile."),
            Map.entry("too-many-errors", "Reporting stopped after too many errors."),
            Map.entry("unknown-name", "A name is used that is not declared."),
            Map.entry("unknown-layer", "A layer is used that does not exist."),
            Map.entry("unknown-type", "A parameter type is not one of the language's types."),
            Map.entry("not-callable", "Something that is not a layer or function is called."),
            Map.entry("duplicate-declaration", "A name is declared twice."),
            Map.entry("duplicate-parameter", "A parameter is declared twice."),
            Map.entry("cyclic-val", "Values are defined in terms of each other."),
            Map.entry("recursion", "A function calls itself."),
            Map.entry("unknown-argument", "A call names an argument the callee does not take."),
            Map.entry("duplicate-argument", "A call passes an argument twice."),
            Map.entry("missing-argument", "A call leaves out a required argument."),
            Map.entry("too-many-arguments", "A call passes more arguments than the callee takes."),
            Map.entry("positional-after-named", "A positional argument follows a named one."),
            Map.entry("type-mismatch", "A value has the wrong type."),
            Map.entry("out-of-range", "A value is outside the range allowed."),
            Map.entry("bad-operands", "An operator is applied to values it does not take."),
            Map.entry("not-a-layer", "A stack contains something that is not a layer."),
            Map.entry("overflow", "Integer arithmetic overflows."),
            Map.entry("division-by-zero", "A division by zero."),
            Map.entry("no-model", "The file declares no model."),
            Map.entry("several-models", "The file declares several models and none is chosen."),
            Map.entry("unknown-model", "No model has the name asked for."),
            Map.entry("missing-input", "A model does not start with input(...)."),
            Map.entry("misplaced-input", "input(...) is not the first layer."),
            Map.entry("input-rank", "The input shape has an unsupported number of dimensions."),
            Map.entry("loss-not-last", "A loss layer is not the model's last."),
            Map.entry("shape", "A layer does not accept the shape it receives."),
            Map.entry("residual-shape", "A residual block changes the shape it adds back."),
            Map.entry("empty-residual", "A residual block has no layers."),
            Map.entry("too-many-layers", "The model has more layers than the compiler allows."),
            Map.entry("too-many-parameters", "The model has more parameters than the compiler allows."),
            Map.entry("unknown-setting", "A train setting or --set key does not exist."),
            Map.entry("duplicate-setting", "A train setting is given twice."),
            Map.entry("duplicate-train", "A model has two train blocks."),
            Map.entry("unknown-data", "The train block names a data set that does not exist."),
            Map.entry("unknown-optimizer", "The train block names an optimizer that does not exist."),
            Map.entry("unknown-earlyStop", "An earlyStop setting does not exist."),
            Map.entry("unused-val", "A value is declared and never used."),
            Map.entry("dropout-before-loss", "Dropout right before the loss has no useful effect."),
            Map.entry("internal", "The compiler failed; please report it."),
            Map.entry("budget-parameters", "A model has more parameters than the build's budget."),
            Map.entry("budget-flops", "A model needs more FLOPs per example than the build's budget."),
            Map.entry("budget-weight-bytes", "A model's weights take more bytes than the build's budget."));

    private Rules() {
    }

    static String description(String code) {
        String d = DESCRIPTIONS.get(code);
        if (d != null) {
            return d;
        }
        String words = code.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1) + ".";
    }
}
