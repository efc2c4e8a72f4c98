package io.github.batchaudience.internal.batching;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.batchaudience.internal.client.ApiDialect;
import io.github.batchaudience.internal.support.ByteSink;
import io.github.batchaudience.model.IdType;

/**
 * The envelope of a write request: {@code {"type":…,"ids":[…]}} in 1.0, {@code {"ids":[…]}} in
 * 1.1, {@code {"name":…,"ids":[…]}} in 2.x; update elements carry an action, replace elements
 * do not.
 */
public final class RequestShape {
    private static final byte[] SUFFIX = "]}".getBytes(StandardCharsets.US_ASCII);

    private final byte[] prefix;
    private final boolean withAction;

    private RequestShape(byte[] prefix, boolean withAction) {
        this.prefix = prefix;
        this.withAction = withAction;
    }

    public static RequestShape update(ApiDialect dialect, IdType idType, String audience) {
        String type = dialect.typeInBody() ? "\"type\":\"" + idType.name() + "\"," : "";
        return new RequestShape(prefix(dialect, audience, type), true);
    }

    public static RequestShape replace(ApiDialect dialect, String audience) {
        return new RequestShape(prefix(dialect, audience, ""), false);
    }

    /** Audience names are ASCII letters, digits, dashes and underscores: nothing to escape. */
    private static byte[] prefix(ApiDialect dialect, String audience, String type) {
        String name = dialect.namesAudienceInBody() ? "\"name\":\"" + audience + "\"," : "";
        return ("{" + name + type + "\"ids\":[").getBytes(StandardCharsets.US_ASCII);
    }

    /** Bytes of an empty request; each element adds {@link #elementSize} plus a comma. */
    int envelopeSize() {
        return prefix.length + SUFFIX.length;
    }

    int elementSize(Element e) {
        return e.size(withAction);
    }

    public byte[] body(List<Element> elements) {
        int size = envelopeSize() + Math.max(0, elements.size() - 1);
        for (Element e : elements) {
            size += elementSize(e);
        }
        ByteSink out = new ByteSink(size);
        out.write(prefix);
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            elements.get(i).writeTo(out, withAction);
        }
        out.write(SUFFIX);
        return out.toByteArray();
    }
}
