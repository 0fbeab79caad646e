package dev.nnc.maven;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The SARIF 2.1.0 JSON schema (vendored, see src/test/resources/sarif/README.md) as a validator. */
final class SarifSchema {

    private static final JsonSchema SCHEMA = load();

    private SarifSchema() {
    }

    /** The schema's complaints about {@code json}; empty when it is a valid SARIF 2.1.0 log. */
    static List<String> validate(String json) throws IOException {
        return SCHEMA.validate(new ObjectMapper().readTree(json)).stream().map(ValidationMessage::getMessage)
                .sorted().toList();
    }

    private static JsonSchema load() {
        try (InputStream in = SarifSchema.class.getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
