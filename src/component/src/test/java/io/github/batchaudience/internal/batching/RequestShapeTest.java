package io.github.batchaudience.internal.batching;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.batchaudience.internal.client.ApiDialect;
import io.github.batchaudience.model.Action;
import io.github.batchaudience.model.IdType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each API's request envelope, byte for byte, and a size that matches what is written. */
class RequestShapeTest {
    private static final List<Element> TWO = List.of(
            Element.of("a", Action.ADD, 1, "\"id\":\"a\"".getBytes(StandardCharsets.UTF_8)),
            Element.of("b", Action.REMOVE, 2, "\"id\":\"b\"".getBytes(StandardCharsets.UTF_8)));

    private static String body(RequestShape shape, List<Element> elements) {
        return new String(shape.body(elements), StandardCharsets.UTF_8);
    }

    @Test
    void customAudience1Point0RepeatsTheType() {
        assertThat(body(RequestShape.update(ApiDialect.CUSTOM_AUDIENCE_1_0, IdType.advertising_ids, "crm"), TWO))
                .isEqualTo("{\"type\":\"advertising_ids\",\"ids\":[{\"action\":\"add\",\"id\":\"a\"},"
                           + "{\"action\":\"remove\",\"id\":\"b\"}]}");
    }

    @Test
    void customAudience1Point1HasOnlyTheIds() {
        assertThat(body(RequestShape.update(ApiDialect.CUSTOM_AUDIENCE_1_1, IdType.install_ids, "crm"), TWO))
                .isEqualTo("{\"ids\":[{\"action\":\"add\",\"id\":\"a\"},{\"action\":\"remove\",\"id\":\"b\"}]}");
        assertThat(body(RequestShape.replace(ApiDialect.CUSTOM_AUDIENCE_1_1, "crm"), TWO.subList(0, 1)))
                .isEqualTo("{\"ids\":[{\"id\":\"a\"}]}");
    }

    @Test
    void theAudiencesApiNamesTheAudienceInTheBody() {
        assertThat(body(RequestShape.update(ApiDialect.AUDIENCES_2, IdType.custom_ids, "crm-2"), TWO))
                .isEqualTo("{\"name\":\"crm-2\",\"ids\":[{\"action\":\"add\",\"id\":\"a\"},"
                           + "{\"action\":\"remove\",\"id\":\"b\"}]}");
        assertThat(body(RequestShape.replace(ApiDialect.AUDIENCES_2, "crm-2"), List.of()))
                .isEqualTo("{\"name\":\"crm-2\",\"ids\":[]}");
    }

    @Test
    void theSizeCountedIsTheSizeWritten() {
        for (ApiDialect dialect : ApiDialect.values()) {
            RequestShape shape = RequestShape.update(dialect, IdType.custom_ids, "an-audience");
            int size = shape.envelopeSize() + 1;
            for (Element e : TWO) {
                size += shape.elementSize(e);
            }
            assertThat(shape.body(TWO)).as(dialect.name()).hasSize(size);
        }
    }
}
