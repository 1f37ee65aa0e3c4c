package dev.tideway.processor.schema;

import static dev.tideway.processor.RuntimeNames.BINARY_READER;
import static dev.tideway.processor.RuntimeNames.BINARY_WRITER;
import static dev.tideway.processor.RuntimeNames.COLUMN;
import static dev.tideway.processor.RuntimeNames.EXPR;
import static dev.tideway.processor.RuntimeNames.FIELD_DESCRIPTOR;
import static dev.tideway.processor.RuntimeNames.JSON_GENERATOR;
import static dev.tideway.processor.RuntimeNames.JSON_PARSER;
import static dev.tideway.processor.RuntimeNames.JSON_TOKEN;
import static dev.tideway.processor.RuntimeNames.PROJECTION;
import static dev.tideway.processor.RuntimeNames.ROW_SCHEMA;
import static dev.tideway.processor.RuntimeNames.TEXT_ROW;
import static dev.tideway.processor.RuntimeNames.VALUE_TYPE;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Writes the companion {@code Foo_} of a valid {@link SchemaModel}. The code it produces is meant to
 * be read and stepped through: one statement per field, primitives without boxing, every other type
 * through its {@code ValueType}.
 */
final class CompanionWriter {
    private static final ClassName LIST = ClassName.get(List.class);
    private static final ClassName DESCRIPTOR = ClassName.get("", "Descriptor");

    TypeSpec.Builder write(SchemaModel model) {
        ClassName record = model.recordName();
        TypeSpec.Builder companion = TypeSpec.classBuilder(model.companionName())
                .addModifiers(Modifier.FINAL)
                .addJavadoc("The Tideway companion of {@link $T}: typed columns, the schema {@link #SCHEMA} (binary codec,\n"
                        + "CSV and JSON mappings) and {@link #of} to build rows from expressions.\n", record);
        if (model.publicCompanion()) {
            companion.addModifiers(Modifier.PUBLIC);
        }
        for (FieldModel field : model.fields()) {
            if (field.typeConstant() != null) {
                companion.addField(FieldSpec.builder(valueTypeOf(field), field.typeConstant(),
                                Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .initializer(field.type().expression())
                        .build());
            }
        }
        companion.addField(FieldSpec.builder(ParameterizedTypeName.get(ROW_SCHEMA, record), "SCHEMA",
                        Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The schema of {@link $T} rows: fields, fingerprint, codec and mappings.\n", record)
                .initializer("new $T()", DESCRIPTOR)
                .build());
        for (FieldModel field : model.fields()) {
            companion.addField(FieldSpec.builder(ParameterizedTypeName.get(COLUMN, record, field.type().javaType()), field.name(),
                            Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .initializer("new $T<>($T.class, $L, $S, $L, $T::$N)", COLUMN, record, field.index(), field.name(),
                            field.valueTypeReference(), record, field.name())
                    .build());
        }
        companion.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        companion.addMethod(of(model));
        companion.addMethod(columns(model));
        companion.addType(descriptor(model));
        return companion;
    }

    private static TypeName valueTypeOf(FieldModel field) {
        return ParameterizedTypeName.get(VALUE_TYPE, field.type().javaType());
    }

    private static MethodSpec of(SchemaModel model) {
        MethodSpec.Builder of = MethodSpec.methodBuilder("of")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ParameterizedTypeName.get(PROJECTION, model.recordName()))
                .addJavadoc("A row of {@link $T} built from one expression per field, checked by javac.\n", model.recordName());
        List<CodeBlock> names = new ArrayList<>();
        for (FieldModel field : model.fields()) {
            of.addParameter(ParameterizedTypeName.get(EXPR, field.type().javaType()), field.name());
            names.add(CodeBlock.of("$N", field.name()));
        }
        return of.addStatement("return new $T<>(SCHEMA, $T.of($L))", PROJECTION, LIST, CodeBlock.join(names, ", ")).build();
    }

    /** {@code columns()}: every column as it is, to change a few with {@code Projection.with} (a withColumns-style select). */
    private static MethodSpec columns(SchemaModel model) {
        List<CodeBlock> names = new ArrayList<>();
        for (FieldModel field : model.fields()) {
            names.add(CodeBlock.of("$N", field.name()));
        }
        return MethodSpec.methodBuilder("columns")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ParameterizedTypeName.get(PROJECTION, model.recordName()))
                .addJavadoc("Every column of {@link $T} as it is: change some with {@code .with(column, expr)} and select it to keep\n"
                        + "the others unchanged.\n", model.recordName())
                .addStatement("return new $T<>(SCHEMA, $T.of($L))", PROJECTION, LIST, CodeBlock.join(names, ", "))
                .build();
    }

    private static TypeSpec descriptor(SchemaModel model) {
        TypeSpec.Builder descriptor = TypeSpec.classBuilder(DESCRIPTOR)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .superclass(ParameterizedTypeName.get(ROW_SCHEMA, model.recordName()))
                .addMethod(constructor(model))
                .addMethod(encode(model))
                .addMethod(decode(model))
                .addMethod(get(model))
                .addMethod(build(model))
                .addMethod(readText(model))
                .addMethod(writeJsonFields(model))
                .addMethod(readJson(model));
        if (model.hasPrimaryKey()) {
            descriptor.addMethod(writeKey(model));
        }
        return descriptor.build();
    }

    private static MethodSpec constructor(SchemaModel model) {
        CodeBlock.Builder fields = CodeBlock.builder();
        for (FieldModel field : model.fields()) {
            fields.add(field.index() == 0 ? "\n" : ",\n");
            fields.add("new $T($L, $S, $S, $L, $L)", FIELD_DESCRIPTOR, field.index(), field.name(), field.externalName(),
                    field.valueTypeReference(), field.primaryKey());
        }
        return MethodSpec.constructorBuilder()
                .addStatement("super($T.class, $S, $T.of($L))", model.recordName(), model.displayName(), LIST, fields.build())
                .build();
    }

    private static MethodSpec.Builder override(String name, TypeName returns) {
        return MethodSpec.methodBuilder(name)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(returns);
    }

    private static MethodSpec encode(SchemaModel model) {
        MethodSpec.Builder encode = override("encode", TypeName.VOID)
                .addParameter(model.recordName(), "row")
                .addParameter(BINARY_WRITER, "out");
        model.fields().forEach(field -> encode.addStatement(writeField(model, field)));
        return encode.build();
    }

    private static MethodSpec writeKey(SchemaModel model) {
        MethodSpec.Builder writeKey = override("writeKey", TypeName.VOID)
                .addParameter(model.recordName(), "row")
                .addParameter(BINARY_WRITER, "out");
        model.fields().stream().filter(FieldModel::primaryKey).forEach(field -> writeKey.addStatement(writeField(model, field)));
        return writeKey.build();
    }

    private static CodeBlock writeField(SchemaModel model, FieldModel field) {
        if (field.isPrimitive()) {
            return CodeBlock.of("out.write$L(row.$N())", field.type().primitive().suffix, field.name());
        }
        if (field.type().nullable()) {
            return CodeBlock.of("$L.write(out, row.$N())", field.valueTypeReference(), field.name());
        }
        // A null in a required component would fail deep inside the codec; name the field instead.
        return CodeBlock.of("$L.write(out, $T.requireNonNull(row.$N(), $S))", field.valueTypeReference(), Objects.class,
                field.name(), model.displayName() + "." + field.name() + " is required, but the row has null");
    }

    private static MethodSpec decode(SchemaModel model) {
        MethodSpec.Builder decode = override("decode", model.recordName()).addParameter(BINARY_READER, "in");
        for (FieldModel field : model.fields()) {
            if (field.isPrimitive()) {
                decode.addStatement("$T $N = in.read$L()", field.element().asType(), field.local(), field.type().primitive().suffix);
            } else {
                decode.addStatement("$T $N = $L.read(in)", field.type().javaType(), field.local(), field.valueTypeReference());
            }
        }
        return decode.addStatement("return $L", newRecord(model)).build();
    }

    private static CodeBlock newRecord(SchemaModel model) {
        List<CodeBlock> locals = new ArrayList<>();
        model.fields().forEach(field -> locals.add(CodeBlock.of("$N", field.local())));
        return CodeBlock.of("new $T($L)", model.recordName(), CodeBlock.join(locals, ", "));
    }

    private static MethodSpec get(SchemaModel model) {
        CodeBlock.Builder cases = CodeBlock.builder();
        for (FieldModel field : model.fields()) {
            cases.add("case $L -> row.$N();\n", field.index(), field.name());
        }
        cases.add("default -> throw noSuchField(field);\n");
        return override("get", ClassName.OBJECT)
                .addParameter(model.recordName(), "row")
                .addParameter(TypeName.INT, "field")
                .addCode("return switch (field) {\n$>$L$<};\n", cases.build())
                .build();
    }

    private static MethodSpec build(SchemaModel model) {
        MethodSpec.Builder build = override("build", model.recordName()).addParameter(Object[].class, "values");
        List<CodeBlock> arguments = new ArrayList<>();
        boolean unchecked = false;
        for (FieldModel field : model.fields()) {
            TypeName type = field.type().javaType();
            unchecked |= type instanceof ParameterizedTypeName;
            if (field.type().optional()) {
                arguments.add(CodeBlock.of("values[$L] == null ? $T.empty() : ($T) values[$L]", field.index(), Optional.class, type, field.index()));
            } else if (field.type().nullable()) {
                arguments.add(CodeBlock.of("($T) values[$L]", type, field.index()));
            } else {
                arguments.add(CodeBlock.of("($T) required(values, $L)", type, field.index()));
            }
        }
        if (unchecked) {
            // The values come from expressions javac checked against these very types in of(...).
            build.addAnnotation(AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$S", "unchecked").build());
        }
        return build.addStatement("return new $T(\n$L)", model.recordName(), CodeBlock.join(arguments, ",\n")).build();
    }

    private static MethodSpec readText(SchemaModel model) {
        MethodSpec.Builder readText = override("readText", model.recordName()).addParameter(TEXT_ROW, "in");
        for (FieldModel field : model.fields()) {
            readText.addStatement("$T $N", declaredType(field), field.local());
        }
        readText.addStatement("int field = 0");
        readText.beginControlFlow("try");
        for (FieldModel field : model.fields()) {
            if (field.index() > 0) {
                readText.addStatement("field = $L", field.index());
            }
            if (field.isPrimitive()) {
                readText.addStatement("$N = $T.parse$L(in.cell($L))", field.local(), dev.tideway.processor.RuntimeNames.VALUE_TYPES,
                        field.type().primitive().suffix, field.index());
            } else {
                readText.addStatement("$N = parseCell(in, $L, $L)", field.local(), field.index(), field.valueTypeReference());
            }
        }
        readText.nextControlFlow("catch ($T e)", IllegalArgumentException.class)
                .addStatement("throw badTextField(field, e)")
                .endControlFlow();
        return readText.addStatement("return $L", newRecord(model)).build();
    }

    private static TypeName declaredType(FieldModel field) {
        return field.isPrimitive() ? TypeName.get(field.element().asType()) : field.type().javaType();
    }

    private static MethodSpec writeJsonFields(SchemaModel model) {
        MethodSpec.Builder write = override("writeJsonFields", TypeName.VOID)
                .addParameter(model.recordName(), "row")
                .addParameter(JSON_GENERATOR, "out")
                .addException(IOException.class);
        for (FieldModel field : model.fields()) {
            write.addStatement("out.writeFieldName($S)", field.externalName());
            if (field.isPrimitive()) {
                String method = field.type().primitive().isBoolean() ? "writeBoolean" : "writeNumber";
                write.addStatement("out.$L(row.$N())", method, field.name());
            } else {
                write.addStatement("$L.writeJson(out, row.$N())", field.valueTypeReference(), field.name());
            }
        }
        return write.build();
    }

    private static MethodSpec readJson(SchemaModel model) {
        MethodSpec.Builder read = override("readJson", model.recordName())
                .addParameter(JSON_PARSER, "in")
                .addException(IOException.class);
        read.beginControlFlow("if (in.currentToken() != $T.START_OBJECT)", JSON_TOKEN)
                .addStatement("throw new $T($S + in.currentToken())", IllegalArgumentException.class,
                        "expected a JSON object for " + model.displayName() + ", found ")
                .endControlFlow();
        for (FieldModel field : model.fields()) {
            if (field.isPrimitive()) {
                read.addStatement("$T $N = $L", declaredType(field), field.local(), field.type().primitive().zero);
                read.addStatement("boolean $N = false", field.seenFlag());
            } else if (field.type().nullable()) {
                read.addStatement("$T $N = $L.absent()", field.type().javaType(), field.local(), field.valueTypeReference());
            } else {
                read.addStatement("$T $N = null", field.type().javaType(), field.local());
            }
        }
        read.beginControlFlow("while (in.nextToken() == $T.FIELD_NAME)", JSON_TOKEN)
                .addStatement("String name = in.currentName()")
                .addStatement("in.nextToken()")
                .beginControlFlow("switch (name)");
        for (FieldModel field : model.fields()) {
            read.beginControlFlow("case $S ->", field.externalName())
                    .beginControlFlow("try");
            if (field.isPrimitive()) {
                // The required value type refuses null, so a JSON null in a primitive field is an error.
                read.addStatement("$N = $L.readJson(in)", field.local(), field.type().expression());
            } else {
                read.addStatement("$N = $L.readJson(in)", field.local(), field.valueTypeReference());
            }
            read.nextControlFlow("catch ($T e)", IllegalArgumentException.class)
                    .addStatement("throw badJsonField($L, e)", field.index())
                    .endControlFlow();
            if (field.isPrimitive()) {
                read.addStatement("$N = true", field.seenFlag());
            }
            read.endControlFlow();
        }
        read.addStatement("default -> in.skipChildren()")
                .endControlFlow()
                .endControlFlow();
        read.beginControlFlow("if (in.currentToken() != $T.END_OBJECT)", JSON_TOKEN)
                .addStatement("throw new $T($S)", IllegalArgumentException.class, "unterminated JSON object for " + model.displayName())
                .endControlFlow();
        for (FieldModel field : model.fields()) {
            if (field.isPrimitive()) {
                read.beginControlFlow("if (!$N)", field.seenFlag());
            } else if (!field.type().nullable()) {
                read.beginControlFlow("if ($N == null)", field.local());
            } else {
                continue;
            }
            read.addStatement("throw missingJsonField($L)", field.index()).endControlFlow();
        }
        return read.addStatement("return $L", newRecord(model)).build();
    }
}
