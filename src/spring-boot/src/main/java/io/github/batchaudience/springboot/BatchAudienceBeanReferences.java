package io.github.batchaudience.springboot;

import java.util.Set;

import io.github.batchaudience.SharedLimits;
import io.github.batchaudience.SnapshotRepository;
import org.springframework.context.ApplicationContext;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;

/**
 * Binds the component's bean-typed options (snapshotRepository, sharedLimits) from a property that names a bean,
 * {@code #bean:NAME} (or {@code #NAME}), as Camel's own starters take theirs.
 */
final class BatchAudienceBeanReferences implements GenericConverter {
    private final ApplicationContext context;

    BatchAudienceBeanReferences(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public Set<ConvertiblePair> getConvertibleTypes() {
        return Set.of(new ConvertiblePair(String.class, SnapshotRepository.class),
                      new ConvertiblePair(String.class, SharedLimits.class));
    }

    @Override
    public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
        String text = source == null ? "" : source.toString().trim();
        if (text.isEmpty()) {
            return null;
        }
        String name = text.startsWith("#bean:") ? text.substring("#bean:".length())
                : text.startsWith("#") ? text.substring(1) : null;
        if (name == null) {
            throw new IllegalArgumentException("camel.component.batch-audience: " + text + " names no bean;"
                                               + " write #bean:NAME for the bean NAME of type "
                                               + targetType.getType().getName());
        }
        return context.getBean(name, targetType.getType());
    }
}
