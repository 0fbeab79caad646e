package dev.nnc.cli;

import java.util.List;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Makes {@link ModelOptions}' FILE optional (and INPUT too, which the command then checks) for the commands that
 * read a checkpoint: one that carries its model's source needs no .nn file (docs/cli.md, "Checkpoints without
 * the model file").
 */
final class OptionalModelFile implements IModelTransformer {

    @Override
    public CommandSpec transform(CommandSpec spec) {
        for (PositionalParamSpec p : List.copyOf(spec.positionalParameters())) {
            if (p.paramLabel().equals("FILE")) {
                spec.remove(p);
                spec.addPositional(PositionalParamSpec.builder(p).arity("0..1").required(false)
                        .description("The .nn file to read. Optional when CKPT carries its model's source (checkpoints "
                                + "of nnc train do): then the model and its --set overrides come from CKPT.")
                        .build());
            } else if (p.paramLabel().equals("INPUT")) {
                spec.remove(p);
                spec.addPositional(PositionalParamSpec.builder(p).arity("0..*").required(false).build());
            }
        }
        return spec;
    }
}
