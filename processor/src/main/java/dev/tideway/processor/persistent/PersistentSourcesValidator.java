package dev.tideway.processor.persistent;

import dev.tideway.processor.Diagnostics;
import dev.tideway.processor.Message;
import dev.tideway.processor.RuntimeNames;
import dev.tideway.processor.schema.SchemaNames;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/** Checks the ids, methods and class of a {@link PersistentSourcesModel}, reporting every problem. */
final class PersistentSourcesValidator {
    /** Ids become names in storage (folders, object keys): nothing that could leave its folder. */
    private static final Pattern ID_CHARACTERS = Pattern.compile("[A-Za-z0-9._-]+");
    static final int MAX_ID_LENGTH = 128;

    private final Diagnostics diagnostics;
    private final Types types;
    private final TypeMirror runtimeException;
    private final TypeMirror error;

    PersistentSourcesValidator(ProcessingEnvironment env, Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
        this.types = env.getTypeUtils();
        this.runtimeException = env.getElementUtils().getTypeElement(RuntimeException.class.getName()).asType();
        this.error = env.getElementUtils().getTypeElement(Error.class.getName()).asType();
    }

    /** Whether a return type is still missing, perhaps to be generated in a later round. */
    boolean hasMissingTypes(PersistentSourcesModel model) {
        for (SourceMethod source : model.methods()) {
            TypeMirror returned = source.method().getReturnType();
            if (returned.getKind() == TypeKind.ERROR) {
                return true;
            }
            if (returned.getKind() == TypeKind.DECLARED) {
                for (TypeMirror argument : ((DeclaredType) returned).getTypeArguments()) {
                    if (argument.getKind() == TypeKind.ERROR) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    boolean validate(PersistentSourcesModel model) {
        boolean valid = validateClass(model);
        Map<String, SourceMethod> byId = new HashMap<>();
        for (SourceMethod source : model.methods()) {
            valid &= validateMethod(model, source);
            String problem = idProblem(source.id());
            if (problem != null) {
                error(source, Message.PERSISTENT_INVALID_ID, source.id(), describe(source), problem);
                valid = false;
                continue;
            }
            SourceMethod first = byId.putIfAbsent(source.id(), source);
            if (first != null) {
                error(source, Message.PERSISTENT_DUPLICATE_ID, source.id(), describe(source), describe(first),
                        model.owner().getSimpleName());
                valid = false;
            }
        }
        return valid;
    }

    /** Why an id cannot be used, or null if it can. */
    static String idProblem(String id) {
        if (id.isEmpty()) {
            return "is empty";
        }
        if (id.length() > MAX_ID_LENGTH) {
            return "is " + id.length() + " characters long, more than " + MAX_ID_LENGTH;
        }
        if (!ID_CHARACTERS.matcher(id).matches()) {
            int bad = id.codePoints().filter(c -> !ID_CHARACTERS.matcher(Character.toString(c)).matches()).findFirst().orElse('?');
            return "contains '" + Character.toString(bad) + "', which is not in [A-Za-z0-9._-]";
        }
        if (id.equals(".") || id.equals("..")) {
            return "would name a folder above the state";
        }
        return null;
    }

    private boolean validateMethod(PersistentSourcesModel model, SourceMethod source) {
        ExecutableElement method = source.method();
        String subclass = model.subclassName().simpleName();
        boolean valid = true;
        if (method.getModifiers().contains(Modifier.PRIVATE)) {
            diagnostics.error(method, Message.PERSISTENT_PRIVATE, describe(source), subclass);
            valid = false;
        }
        if (method.getModifiers().contains(Modifier.STATIC)) {
            diagnostics.error(method, Message.PERSISTENT_STATIC, describe(source), subclass);
            valid = false;
        }
        if (method.getModifiers().contains(Modifier.FINAL)) {
            diagnostics.error(method, Message.PERSISTENT_FINAL, describe(source), subclass);
            valid = false;
        }
        TypeMirror returned = method.getReturnType();
        if (returned.getKind() == TypeKind.ERROR || (returned.getKind() == TypeKind.DECLARED
                && ((DeclaredType) returned).getTypeArguments().stream().anyMatch(a -> a.getKind() == TypeKind.ERROR))) {
            diagnostics.error(method, Message.PERSISTENT_MISSING_TYPE, describe(source), returned);
            valid = false;
        } else if (!isTableOfSchema(returned)) {
            diagnostics.error(method, Message.PERSISTENT_NOT_A_TABLE, describe(source), returned);
            valid = false;
        }
        for (TypeMirror thrown : method.getThrownTypes()) {
            if (!types.isSubtype(thrown, runtimeException) && !types.isSubtype(thrown, error)) {
                diagnostics.error(method, Message.PERSISTENT_THROWS_CHECKED, describe(source), thrown);
                valid = false;
            }
        }
        return valid;
    }

    private static boolean isTableOfSchema(TypeMirror returned) {
        if (returned.getKind() != TypeKind.DECLARED) {
            return false;
        }
        DeclaredType declared = (DeclaredType) returned;
        TypeElement element = (TypeElement) declared.asElement();
        if (!element.getQualifiedName().contentEquals(RuntimeNames.TABLE.canonicalName())
                || declared.getTypeArguments().size() != 1) {
            return false;
        }
        TypeMirror row = declared.getTypeArguments().get(0);
        if (row.getKind() != TypeKind.DECLARED) {
            return false;
        }
        Element rowElement = ((DeclaredType) row).asElement();
        return rowElement.getKind() == ElementKind.RECORD && SchemaNames.isSchema(rowElement);
    }

    private boolean validateClass(PersistentSourcesModel model) {
        TypeElement owner = model.owner();
        String problem = null;
        String fix = null;
        if (owner.getKind() != ElementKind.CLASS) {
            problem = "is " + (owner.getKind() == ElementKind.INTERFACE ? "an interface" : "a " + owner.getKind().toString().toLowerCase(java.util.Locale.ROOT));
            fix = "declare the methods in a class";
        } else if (owner.getModifiers().contains(Modifier.FINAL)) {
            problem = "is final";
            fix = "remove final";
        } else if (owner.getNestingKind() == NestingKind.LOCAL || owner.getNestingKind() == NestingKind.ANONYMOUS) {
            problem = "is local to a method";
            fix = "make it a top-level or static nested class";
        } else if (owner.getNestingKind() == NestingKind.MEMBER && !owner.getModifiers().contains(Modifier.STATIC)) {
            problem = "is an inner (non-static) class";
            fix = "make it static";
        } else if (isPrivate(owner)) {
            problem = "is private";
            fix = "make it package-private or public";
        } else if (ElementFilter.constructorsIn(owner.getEnclosedElements()).stream()
                .allMatch(c -> c.getModifiers().contains(Modifier.PRIVATE))) {
            problem = "has only private constructors";
            fix = "add a package-private, protected or public constructor";
        }
        if (problem != null) {
            diagnostics.error(owner, Message.PERSISTENT_NOT_SUBCLASSABLE, owner.getSimpleName(), problem,
                    model.subclassName().simpleName(), fix);
            return false;
        }
        return true;
    }

    private static boolean isPrivate(TypeElement owner) {
        for (Element e = owner; e.getKind() != ElementKind.PACKAGE; e = e.getEnclosingElement()) {
            if (e.getModifiers().contains(Modifier.PRIVATE)) {
                return true;
            }
        }
        return false;
    }

    private void error(SourceMethod source, Message message, Object... args) {
        diagnostics.error(source.method(), source.annotation(), source.idValue(), message, args);
    }

    private static String describe(SourceMethod source) {
        return source.method().getEnclosingElement().getSimpleName() + "." + source.name() + "()";
    }
}
