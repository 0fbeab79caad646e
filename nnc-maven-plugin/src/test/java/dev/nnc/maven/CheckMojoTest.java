package dev.nnc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.build.incremental.BuildContext;

class CheckMojoTest {

    @TempDir
    Path dir;

    @Test
    void brokenModelFailsWithMarkersAtTheSpanAndASarifLog() throws Exception {
        Path typo = Projects.write(dir.resolve("src/main/nn/typo.nn"), Projects.TYPO);
        RecordingBuildContext context = new RecordingBuildContext();
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> Projects.check(dir, context).execute());
        assertTrue(e.getMessage().contains("2 errors"), e.getMessage());

        assertTrue(context.removed.contains(typo.toFile()), "old markers of the file are cleared first");
        assertEquals(List.of(
                new RecordingBuildContext.Message(typo.toFile(), 4, 20,
                        "unknown layer 'batchnrom' (did you mean 'batchnorm'?)", BuildContext.SEVERITY_ERROR),
                new RecordingBuildContext.Message(typo.toFile(), 5, 13,
                        "unknown train setting 'epoch' (did you mean 'epochs'?)", BuildContext.SEVERITY_ERROR)),
                context.messages);

        JsonObject run = sarif().getAsJsonArray("runs").get(0).getAsJsonObject();
        JsonObject result = run.getAsJsonArray("results").get(0).getAsJsonObject();
        assertEquals("unknown-layer", result.get("ruleId").getAsString());
        JsonObject location = result.getAsJsonArray("locations").get(0).getAsJsonObject()
                .getAsJsonObject("physicalLocation");
        assertEquals("src/main/nn/typo.nn", location.getAsJsonObject("artifactLocation").get("uri").getAsString());
        assertEquals("SRCROOT", location.getAsJsonObject("artifactLocation").get("uriBaseId").getAsString());
        assertEquals(JsonParser.parseString("{\"startLine\":4,\"startColumn\":20,\"endLine\":4,\"endColumn\":29}"),
                location.get("region"));
        JsonObject replacement = result.getAsJsonArray("fixes").get(0).getAsJsonObject()
                .getAsJsonArray("artifactChanges").get(0).getAsJsonObject()
                .getAsJsonArray("replacements").get(0).getAsJsonObject();
        assertEquals("batchnorm", replacement.getAsJsonObject("insertedContent").get("text").getAsString());
        assertEquals(location.get("region"), replacement.get("deletedRegion"));
        JsonArray rules = run.getAsJsonObject("tool").getAsJsonObject("driver").getAsJsonArray("rules");
        assertEquals(2, rules.size());
        assertEquals("unknown-layer", rules.get(result.get("ruleIndex").getAsInt()).getAsJsonObject().get("id")
                .getAsString());
        assertEquals("A layer is used that does not exist.", rules.get(result.get("ruleIndex").getAsInt())
                .getAsJsonObject().getAsJsonObject("shortDescription").get("text").getAsString());
        assertEquals(List.of(), SarifSchema.validate(Files.readString(sarifFile())));
    }

    @Test
    void anInsertionFixIsAnEmptyDeletedRegion() throws Exception {
        Projects.write(dir.resolve("src/main/nn/head.nn"), """
                model M {
                    input(1, 28, 28)
                    conv(10, 1) - avgpool(28) - softmax
                }
                """);
        assertThrows(MojoFailureException.class, () -> Projects.check(dir, new RecordingBuildContext()).execute());
        JsonObject fix = result(0).getAsJsonArray("fixes").get(0).getAsJsonObject();
        JsonObject replacement = fix.getAsJsonArray("artifactChanges").get(0).getAsJsonObject()
                .getAsJsonArray("replacements").get(0).getAsJsonObject();
        assertEquals("flatten - ", replacement.getAsJsonObject("insertedContent").get("text").getAsString());
        assertEquals(JsonParser.parseString("{\"startLine\":3,\"startColumn\":33,\"endLine\":3,\"endColumn\":33}"),
                replacement.get("deletedRegion"));
        assertEquals(List.of(), SarifSchema.validate(Files.readString(sarifFile())));
    }

    @Test
    void aMistakeInAnImportedFileIsMarkedThereOnce() throws Exception {
        Path lib = Projects.write(dir.resolve("src/main/nn/lib/blocks.nn"), """
                fun block(width: Int) {
                    affine(width) - relux
                }
                """);
        Projects.write(dir.resolve("src/main/nn/mlp.nn"), Projects.mlp("Mlp", 16));
        Projects.write(dir.resolve("src/main/nn/other.nn"), Projects.mlp("Other", 8));
        RecordingBuildContext context = new RecordingBuildContext();
        assertThrows(MojoFailureException.class, () -> Projects.check(dir, context).execute());
        assertEquals(List.of(new RecordingBuildContext.Message(lib.toFile(), 2, 21,
                "unknown layer 'relux' (did you mean 'relu'?)", BuildContext.SEVERITY_ERROR)), context.messages);
        assertEquals(1, sarif().getAsJsonArray("runs").get(0).getAsJsonObject().getAsJsonArray("results").size());
        assertEquals("src/main/nn/lib/blocks.nn", result(0).getAsJsonArray("locations").get(0).getAsJsonObject()
                .getAsJsonObject("physicalLocation").getAsJsonObject("artifactLocation").get("uri").getAsString());
    }

    @Test
    void testCheckReadsTheTestModelsAndSkipsWithTheTests() throws Exception {
        Projects.write(dir.resolve("src/test/nn/typo.nn"), Projects.TYPO);
        TestCheckMojo check = new TestCheckMojo();
        check.project = Projects.project(dir);
        check.buildContext = new RecordingBuildContext();
        check.testSourceDirectory = dir.resolve("src/test/nn").toFile();
        check.testSarifFile = dir.resolve("target/nnc/nnc-test.sarif").toFile();
        check.skipTestCompile = true;
        check.execute();
        assertFalse(Files.exists(check.testSarifFile.toPath()));
        check.skipTestCompile = false;
        assertThrows(MojoFailureException.class, check::execute);
        assertTrue(Files.readString(check.testSarifFile.toPath()).contains("unknown-layer"));
    }

    @Test
    void theSameFindingsGiveTheSameBytesAndAreNotRewritten() throws Exception {
        Projects.write(dir.resolve("src/main/nn/typo.nn"), Projects.TYPO);
        assertThrows(MojoFailureException.class, () -> Projects.check(dir, new RecordingBuildContext()).execute());
        byte[] first = Files.readAllBytes(sarifFile());
        Files.setLastModifiedTime(sarifFile(), java.nio.file.attribute.FileTime.fromMillis(946_684_800_000L));
        assertThrows(MojoFailureException.class, () -> Projects.check(dir, new RecordingBuildContext()).execute());
        assertEquals(new String(first), Files.readString(sarifFile()));
        assertEquals(946_684_800_000L, Files.getLastModifiedTime(sarifFile()).toMillis());
    }

    @Test
    void aValidModelPassesWithAnEmptyValidLog() throws Exception {
        Projects.write(dir.resolve("src/main/nn/lib/blocks.nn"), Projects.BLOCKS);
        Projects.write(dir.resolve("src/main/nn/mlp.nn"), Projects.mlp("Mlp", 16));
        CheckMojo check = Projects.check(dir, new RecordingBuildContext());
        check.excludes = List.of("lib/**");
        check.execute();
        JsonObject run = sarif().getAsJsonArray("runs").get(0).getAsJsonObject();
        assertEquals(0, run.getAsJsonArray("results").size());
        assertEquals(List.of(), SarifSchema.validate(Files.readString(sarifFile())));
    }

    @Test
    void warningsFailTheBuildWhenAskedForAllOrByCode() throws Exception {
        Projects.write(dir.resolve("src/main/nn/lib/blocks.nn"), Projects.BLOCKS);
        Projects.write(dir.resolve("src/main/nn/mlp.nn"), "val unused = 3\n" + Projects.mlp("Mlp", 16));
        CheckMojo lenient = Projects.check(dir, new RecordingBuildContext());
        lenient.excludes = List.of("lib/**");
        lenient.execute();
        assertEquals("warning", result(0).get("level").getAsString());
        assertEquals("unused-val", result(0).get("ruleId").getAsString());

        CheckMojo byCode = Projects.check(dir, new RecordingBuildContext());
        byCode.excludes = List.of("lib/**");
        byCode.errors = List.of("unused-val");
        assertThrows(MojoFailureException.class, byCode::execute);
        assertEquals("error", result(0).get("level").getAsString());

        CheckMojo otherCode = Projects.check(dir, new RecordingBuildContext());
        otherCode.excludes = List.of("lib/**");
        otherCode.errors = List.of("dropout-before-loss");
        otherCode.execute();

        CheckMojo all = Projects.check(dir, new RecordingBuildContext());
        all.excludes = List.of("lib/**");
        all.failOnWarning = true;
        MojoFailureException e = assertThrows(MojoFailureException.class, all::execute);
        assertTrue(e.getMessage().contains("1 error"), e.getMessage());
        assertTrue(result(0).getAsJsonObject("message").get("text").getAsString().endsWith("[failOnWarning]"));
    }

    @Test
    void aModelOverItsBudgetFailsNamingTheModelAndTheFigure() throws Exception {
        Projects.write(dir.resolve("src/main/nn/lib/blocks.nn"), Projects.BLOCKS);
        Projects.write(dir.resolve("src/main/nn/mlp.nn"), Projects.mlp("Mlp", 16));
        // 8*8*16+16 + 16*10+10 = 1,210 parameters, 4,840 bytes at float32.
        CheckMojo within = Projects.check(dir, new RecordingBuildContext());
        within.excludes = List.of("lib/**");
        within.budget = new Budget(1_210L, null, 4_840L);
        within.execute();

        RecordingBuildContext context = new RecordingBuildContext();
        CheckMojo over = Projects.check(dir, context);
        over.excludes = List.of("lib/**");
        over.budget = new Budget(1_209L, 1L, 4_840L);
        assertThrows(MojoFailureException.class, over::execute);
        assertEquals("budget-parameters", result(0).get("ruleId").getAsString());
        assertEquals("model 'Mlp' has 1,210 parameters, over the budget of 1,209 (maxParameters)",
                result(0).getAsJsonObject("message").get("text").getAsString());
        assertEquals("budget-flops", result(1).get("ruleId").getAsString());
        assertEquals(2, context.messages.size());
        assertEquals(3, context.messages.get(0).line(), "at the model's name");
        assertFalse(Files.readString(sarifFile()).contains("budget-weight-bytes"));
        assertEquals(List.of(), SarifSchema.validate(Files.readString(sarifFile())));
    }

    private Path sarifFile() {
        return dir.resolve("target/nnc/nnc.sarif");
    }

    private JsonObject sarif() throws Exception {
        return JsonParser.parseString(Files.readString(sarifFile())).getAsJsonObject();
    }

    private JsonObject result(int i) throws Exception {
        return sarif().getAsJsonArray("runs").get(0).getAsJsonObject().getAsJsonArray("results").get(i)
                .getAsJsonObject();
    }
}
