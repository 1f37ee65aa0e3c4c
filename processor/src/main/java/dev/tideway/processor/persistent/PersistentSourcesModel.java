package dev.tideway.processor.persistent;

import com.palantir.javapoet.ClassName;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A class with {@code @PersistentSource} methods, in declaration order.
 *
 * @param subclassName the generated binding subclass, {@code Foo_Persistent}
 */
record PersistentSourcesModel(TypeElement owner, ClassName subclassName, List<SourceMethod> methods) {}
