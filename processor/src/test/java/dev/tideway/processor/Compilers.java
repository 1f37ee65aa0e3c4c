package dev.tideway.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;

/**
 * The one compiler setup the processor tests share: javac with the processor, warnings as errors
 * (as in samples/), so generated code must compile without a single warning. A processor instance
 * serves one compilation, hence a method.
 */
final class Compilers {
    static Compiler tideway() {
        return javac()
                .withProcessors(new TidewayProcessor())
                .withOptions("-Xlint:all,-processing", "-Werror");
    }

    private Compilers() {}

    /** A source file named after its class, {@code demo.Foo} in {@code demo/Foo.java}. */
    static JavaFileObject source(String qualifiedName, String text) {
        return JavaFileObjects.forSourceString(qualifiedName, text);
    }
}
