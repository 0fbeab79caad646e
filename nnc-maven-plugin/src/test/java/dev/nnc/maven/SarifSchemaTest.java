package dev.nnc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The validator the SARIF tests rely on does reject logs that break the schema. */
class SarifSchemaTest {

    @Test
    void rejectsWhatTheSchemaForbids() throws Exception {
        String ok = """
                {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "nnc"}}, "results": [
                  {"ruleId": "syntax", "level": "error", "message": {"text": "m"}}]}]}""";
        assertEquals(List.of(), SarifSchema.validate(ok));
        assertFalse(SarifSchema.validate(ok.replace("\"error\"", "\"fatal\"")).isEmpty(), "a level not in the enum");
        assertFalse(SarifSchema.validate(ok.replace("2.1.0", "2.0.0")).isEmpty(), "another version");
        assertFalse(SarifSchema.validate(ok.replace("\"message\": {\"text\": \"m\"}", "\"message\": \"m\"")).isEmpty(),
                "a message that is not an object");
    }
}
