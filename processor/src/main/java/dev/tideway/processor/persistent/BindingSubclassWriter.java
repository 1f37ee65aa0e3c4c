package dev.tideway.processor.persistent;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import dev.tideway.processor.RuntimeNames;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Writes {@code Foo_Persistent extends Foo}: each {@code @PersistentSource} method is overridden to
 * create its source inside {@code PersistentIds.bind(id, ...)}, so the source takes that id.
 */
final class BindingSubclassWriter {
    private static final List<Modifier> ACCESS = List.of(Modifier.PUBLIC, Modifier.PROTECTED);

    TypeSpec.Builder write(PersistentSourcesModel model) {
        TypeElement owner = model.owner();
        ClassName ownerName = ClassName.get(owner);
        TypeSpec.Builder subclass = TypeSpec.classBuilder(model.subclassName())
                .superclass(TypeName.get(owner.asType()))
                .addJavadoc("Binds the sources of {@link $T} to their persistent ids. Instantiate this subclass instead of\n"
                        + "{@code $L}: each {@code @PersistentSource} method then creates its source under its id, so\n"
                        + "the source's state is found again across runs.\n\n"
                        + "<pre>{@code\n$T pipeline = new $T(...);\n}</pre>\n",
                        ownerName, ownerName.simpleName(), ownerName, model.subclassName());
        if (owner.getModifiers().contains(Modifier.PUBLIC)) {
            subclass.addModifiers(Modifier.PUBLIC);
        }
        if (owner.getModifiers().contains(Modifier.ABSTRACT)) {
            // Its abstract methods are still the user's to implement, in a subclass of this one.
            subclass.addModifiers(Modifier.ABSTRACT);
        }
        for (TypeParameterElement parameter : owner.getTypeParameters()) {
            subclass.addTypeVariable(TypeVariableName.get(parameter));
        }
        List<CodeBlock> ids = new ArrayList<>();
        model.methods().forEach(source -> ids.add(CodeBlock.of("$S", source.id())));
        subclass.addField(FieldSpec.builder(ParameterizedTypeName.get(List.class, String.class), "PERSISTENT_IDS",
                        Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The persistent ids of {@link $T}'s sources, in declaration order.\n", ownerName)
                .initializer("$T.of($L)", List.class, CodeBlock.join(ids, ", "))
                .build());
        for (ExecutableElement constructor : ElementFilter.constructorsIn(owner.getEnclosedElements())) {
            if (!constructor.getModifiers().contains(Modifier.PRIVATE)) {
                subclass.addMethod(constructor(constructor));
            }
        }
        for (SourceMethod source : model.methods()) {
            subclass.addMethod(binding(source));
        }
        return subclass;
    }

    private static MethodSpec constructor(ExecutableElement constructor) {
        MethodSpec.Builder mirror = MethodSpec.constructorBuilder()
                .addModifiers(access(constructor))
                .varargs(constructor.isVarArgs());
        for (TypeParameterElement parameter : constructor.getTypeParameters()) {
            mirror.addTypeVariable(TypeVariableName.get(parameter));
        }
        for (VariableElement parameter : constructor.getParameters()) {
            mirror.addParameter(ParameterSpec.builder(TypeName.get(parameter.asType()), parameter.getSimpleName().toString()).build());
        }
        for (TypeMirror thrown : constructor.getThrownTypes()) {
            mirror.addException(TypeName.get(thrown));
        }
        return mirror.addStatement("super($L)", arguments(constructor)).build();
    }

    private static MethodSpec binding(SourceMethod source) {
        ExecutableElement method = source.method();
        MethodSpec.Builder binding = MethodSpec.methodBuilder(source.name())
                .addAnnotation(Override.class)
                .addModifiers(access(method))
                .returns(TypeName.get(method.getReturnType()))
                .varargs(method.isVarArgs());
        for (TypeParameterElement parameter : method.getTypeParameters()) {
            binding.addTypeVariable(TypeVariableName.get(parameter));
        }
        for (VariableElement parameter : method.getParameters()) {
            binding.addParameter(ParameterSpec.builder(TypeName.get(parameter.asType()), parameter.getSimpleName().toString()).build());
        }
        for (TypeMirror thrown : method.getThrownTypes()) {
            binding.addException(TypeName.get(thrown));
        }
        return binding.addStatement("return $T.bind($S, () -> super.$N($L))", RuntimeNames.PERSISTENT_IDS, source.id(),
                source.name(), arguments(method)).build();
    }

    private static Modifier[] access(ExecutableElement executable) {
        return ACCESS.stream().filter(executable.getModifiers()::contains).toArray(Modifier[]::new);
    }

    private static CodeBlock arguments(ExecutableElement executable) {
        List<CodeBlock> names = new ArrayList<>();
        executable.getParameters().forEach(p -> names.add(CodeBlock.of("$N", p.getSimpleName().toString())));
        return CodeBlock.join(names, ", ");
    }
}
