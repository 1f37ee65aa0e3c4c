package dev.tideway.internal.engine.identity;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The identity of a user function (a lambda, a method reference, an object implementing a
 * functional interface) as part of an operator's definition: a fingerprint of its code, so that
 * {@code s -> s.length() > 2} edited to {@code s -> s.length() > 3} changes the identity of every
 * operator that runs it, and their state is rebuilt.
 *
 * <p>What is fingerprinted ({@code code:<16 hex digits>}, a SHA-256 of the canonical bytecode text
 * that {@link MethodBodyText} writes: instructions with their constants and resolved references,
 * without line numbers, frames or local variable names, so that moving code, reformatting it or
 * editing other methods does not count as a change):
 * <ul>
 *   <li>a lambda: the method javac compiled its body into, found in the class file of the class that
 *       wrote it (Java gives a lambda no reference to it, so it is matched by its functional
 *       interface and the types it captures: lambdas of one such shape in one class are
 *       fingerprinted together, and a change to one counts as a change to all of them), with the
 *       methods of that class it calls and the lambdas it creates, transitively;
 *   <li>a method reference: the method it names; its body too when it is in the class that wrote it;
 *   <li>an object of a class of the user's (anonymous or named): every method of that class.
 * </ul>
 *
 * <p>What cannot be seen: methods of other classes that the code calls (a helper class, a library:
 * their changes are not seen), values a lambda captures (a threshold read from configuration),
 * state the function reads (a field, a file, a service), and code whose class file cannot be read
 * (generated at run time: it is identified by its class's name, {@code unseen:<name>}). Functions of
 * the JDK are identified by their class's name ({@code platform:<name>}), so a JDK update does not
 * count as a change. For all of these, give the function a version ({@link #versioned}): a new
 * version is a new identity, whatever the code.
 *
 * <p>Thread-safe; a class's fingerprint is computed once.
 */
public final class FunctionIdentity {
    private static final String LAMBDA_MARK = "$$Lambda";
    private static final String METAFACTORY = "java/lang/invoke/LambdaMetafactory";

    private static final ClassValue<String> BY_CLASS = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return identify(type);
        }
    };

    private FunctionIdentity() {}

    /** The identity of {@code function}'s code (see the class comment); {@code null} for none. */
    public static String of(Object function) {
        return function == null ? "null" : BY_CLASS.get(function.getClass());
    }

    /** The identity a user gives a function by its version: {@code version:"2"}. */
    public static String versioned(String version) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("a UDF's version is a non-blank text, such as \"2\", not \"" + version + "\"");
        }
        return "version:" + Canonical.quote(version);
    }

    private static String identify(Class<?> type) {
        String name = stableName(type);
        ClassLoader loader = type.getClassLoader();
        if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
            return "platform:" + name;
        }
        boolean lambda = type.isHidden() && type.getName().contains(LAMBDA_MARK);
        Class<?> codeClass = lambda ? definingClass(type) : type;
        if (codeClass == null) {
            return "unseen:" + name;
        }
        ClassNode classNode = read(codeClass);
        if (classNode == null) {
            return "unseen:" + name;
        }
        MethodBodyText bodies = new MethodBodyText(classNode);
        StringBuilder text = new StringBuilder();
        if (lambda) {
            List<String> candidates = lambdaCandidates(type, classNode, bodies);
            if (candidates.isEmpty()) {
                // no call site matched (a compiler other than javac): every method of the class
                text.append("class ").append(allMethods(classNode, bodies));
            } else {
                text.append("lambda ").append(String.join("\n", candidates));
            }
        } else {
            text.append("object ").append(allMethods(classNode, bodies));
        }
        return "code:" + OperatorIdentity.digest(text.toString());
    }

    /**
     * The implementations of the lambdas of {@code lambdaClass}'s shape created in the class that
     * wrote it: each call site whose functional interface and captured types are the lambda's.
     */
    private static List<String> lambdaCandidates(Class<?> lambdaClass, ClassNode classNode, MethodBodyText bodies) {
        Set<String> interfaces = new LinkedHashSet<>();
        for (Class<?> implemented : lambdaClass.getInterfaces()) {
            interfaces.add(Type.getInternalName(implemented));
        }
        List<Field> captured = new ArrayList<>();
        for (Field field : lambdaClass.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                captured.add(field);
            }
        }
        // the metafactory names captured fields arg$1, arg$2, ... in the order of the call site's arguments
        captured.sort(Comparator.comparingInt(field -> argumentIndex(field.getName())));
        Type[] capturedTypes = captured.stream().map(field -> Type.getType(field.getType())).toArray(Type[]::new);
        Set<String> candidates = new LinkedHashSet<>();
        for (MethodNode method : classNode.methods) {
            for (AbstractInsnNode insn : method.instructions) {
                if (!(insn instanceof InvokeDynamicInsnNode indy) || !indy.bsm.getOwner().equals(METAFACTORY)
                        || indy.bsmArgs.length < 2 || !(indy.bsmArgs[1] instanceof Handle implementation)) {
                    continue;
                }
                Type site = Type.getMethodType(indy.desc);
                if (interfaces.contains(site.getReturnType().getInternalName())
                        && Arrays.equals(site.getArgumentTypes(), capturedTypes)) {
                    candidates.add(indy.name + " " + bodies.handle(implementation));
                }
            }
        }
        return new ArrayList<>(candidates);
    }

    private static int argumentIndex(String fieldName) {
        int dollar = fieldName.lastIndexOf('$');
        try {
            return dollar < 0 ? Integer.MAX_VALUE : Integer.parseInt(fieldName.substring(dollar + 1));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** Every method of the class, sorted by name and descriptor, so that reordering them changes nothing. */
    private static String allMethods(ClassNode classNode, MethodBodyText bodies) {
        List<MethodNode> methods = new ArrayList<>(classNode.methods);
        methods.sort(Comparator.comparing((MethodNode m) -> m.name).thenComparing(m -> m.desc));
        StringBuilder text = new StringBuilder(classNode.superName == null ? "" : classNode.superName);
        for (MethodNode method : methods) {
            text.append('\n').append(method.name).append(method.desc).append(' ').append(bodies.body(method));
        }
        return text.toString();
    }

    /** The class whose code created a lambda: its name is the lambda class's up to {@code $$Lambda}. */
    private static Class<?> definingClass(Class<?> lambdaClass) {
        String name = lambdaClass.getName();
        String defining = name.substring(0, name.indexOf(LAMBDA_MARK));
        try {
            return Class.forName(defining, false, lambdaClass.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            Class<?> host = lambdaClass.getNestHost();
            return host == lambdaClass ? null : host;
        }
    }

    /** The class file of {@code type}, without debug information and frames; null if it cannot be read. */
    private static ClassNode read(Class<?> type) {
        String file = type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class";
        try (InputStream in = type.getResourceAsStream(file)) {
            if (in == null) {
                return null;
            }
            ClassNode node = new ClassNode();
            new ClassReader(in.readAllBytes()).accept(node, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return node;
        } catch (IOException | RuntimeException e) {
            // unreadable, or a class file newer than this ASM knows
            return null;
        }
    }

    /** The class's name without the address a hidden class's name ends with. */
    private static String stableName(Class<?> type) {
        String name = type.getName();
        int slash = name.indexOf('/');
        name = slash < 0 ? name : name.substring(0, slash);
        int lambda = name.indexOf(LAMBDA_MARK);
        return lambda < 0 ? name : name.substring(0, lambda + LAMBDA_MARK.length());
    }
}
