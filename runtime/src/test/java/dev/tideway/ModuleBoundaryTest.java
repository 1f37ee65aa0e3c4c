package dev.tideway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime's module descriptor is the API boundary: it resolves on the module path, and no public
 * or protected signature of an exported package (supertypes, fields, constructors, methods, their
 * generic arguments and exceptions) mentions a type a user cannot reach: every type it names is in a
 * package this module exports, in a module it requires transitively, or in the JDK.
 */
class ModuleBoundaryTest {
    private static final Path CLASSES = classesOf(Tideway.class);
    private static final ModuleDescriptor DESCRIPTOR = descriptor();

    @Test
    void theModuleResolvesOnTheModulePathWithItsDependencies() {
        Configuration configuration = Configuration.resolve(ModuleFinder.of(classPath()), List.of(ModuleLayer.boot().configuration()),
                ModuleFinder.of(), Set.of("dev.tideway"));
        assertThat(configuration.findModule("dev.tideway")).isPresent();
        assertThat(configuration.findModule("dev.tideway.annotations")).isPresent();
    }

    @Test
    void theInternalsAreNotExportedToEveryone() {
        Set<String> exportedToAll = DESCRIPTOR.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet());
        assertThat(exportedToAll).contains("dev.tideway", "dev.tideway.schema", "dev.tideway.spi", "dev.tideway.persistence")
                .noneMatch(name -> name.startsWith("dev.tideway.internal"));
        assertThat(DESCRIPTOR.packages()).anyMatch(name -> name.startsWith("dev.tideway.internal."));
    }

    @Test
    void noExportedSignatureMentionsANonExportedType() throws IOException {
        Set<String> reachable = new HashSet<>();
        DESCRIPTOR.exports().stream().filter(e -> !e.isQualified()).forEach(e -> reachable.add(e.source()));
        // on the class path every module is unnamed: the packages of the modules required transitively
        // (their declared or automatic descriptors, found among the class path's entries) stand for them
        ModuleFinder finder = ModuleFinder.of(classPath());
        Set<String> transitive = new HashSet<>();
        DESCRIPTOR.requires().stream().filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE))
                .forEach(r -> transitive.addAll(finder.find(r.name())
                        .orElseThrow(() -> new AssertionError("module " + r.name() + " is not on the class path"))
                        .descriptor().packages()));
        Set<String> leaks = new TreeSet<>();
        for (Class<?> type : exportedTypes(reachable)) {
            Checker checker = new Checker(type, reachable, transitive, leaks);
            checker.check("extends", type.getGenericSuperclass());
            for (Type face : type.getGenericInterfaces()) {
                checker.check("implements", face);
            }
            for (TypeVariable<?> variable : type.getTypeParameters()) {
                checker.check("type parameter " + variable.getName(), variable);
            }
            for (Field field : visible(type.getFields(), type.getDeclaredFields())) {
                checker.check("field " + field.getName(), field.getGenericType());
            }
            for (Constructor<?> constructor : visible(type.getConstructors(), type.getDeclaredConstructors())) {
                checker.checkExecutable("constructor", constructor);
            }
            for (Method method : visible(type.getMethods(), type.getDeclaredMethods())) {
                checker.checkExecutable("method " + method.getName(), method);
                checker.check("method " + method.getName() + " returns", method.getGenericReturnType());
            }
        }
        assertThat(leaks).as("public signatures of exported packages that name types users cannot reach").isEmpty();
    }

    /** Public members, and the declared protected ones (reachable from a user's subclass); no synthetic ones. */
    @SafeVarargs
    private static <M extends Member> List<M> visible(M[] publicOnes, M... declared) {
        List<M> members = new ArrayList<>(Arrays.asList(publicOnes));
        for (M member : declared) {
            if (Modifier.isProtected(member.getModifiers())) {
                members.add(member);
            }
        }
        members.removeIf(Member::isSynthetic);
        return members;
    }

    /** The classes of the exported packages that a user can name: public, or protected members of those. */
    private static List<Class<?>> exportedTypes(Set<String> exported) throws IOException {
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = CLASSES.relativize(file).toString().replace(java.io.File.separatorChar, '.');
                name = name.substring(0, name.length() - ".class".length());
                int dot = name.lastIndexOf('.');
                if (dot < 0 || !exported.contains(name.substring(0, dot))) {
                    continue;
                }
                Class<?> type;
                try {
                    type = Class.forName(name, false, ModuleBoundaryTest.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new AssertionError(e);
                }
                if (reachable(type)) {
                    types.add(type);
                }
            }
        }
        return types;
    }

    private static boolean reachable(Class<?> type) {
        for (Class<?> at = type; at != null; at = at.getDeclaringClass()) {
            int modifiers = at.getModifiers();
            boolean visible = Modifier.isPublic(modifiers) || (at.getDeclaringClass() != null && Modifier.isProtected(modifiers));
            if (!visible || at.isAnonymousClass() || at.isLocalClass() || at.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    /** Walks the types a signature names and records those outside what a user can reach. */
    private static final class Checker {
        private final Class<?> owner;
        private final Set<String> exported;
        /** The packages of the modules dev.tideway requires transitively. */
        private final Set<String> transitive;
        private final Set<String> leaks;
        private final Set<Type> seen = new HashSet<>();

        Checker(Class<?> owner, Set<String> exported, Set<String> transitive, Set<String> leaks) {
            this.owner = owner;
            this.exported = exported;
            this.transitive = transitive;
            this.leaks = leaks;
        }

        void checkExecutable(String where, Executable executable) {
            for (Type parameter : executable.getGenericParameterTypes()) {
                check(where + " takes", parameter);
            }
            for (Type thrown : executable.getGenericExceptionTypes()) {
                check(where + " throws", thrown);
            }
            for (TypeVariable<?> variable : executable.getTypeParameters()) {
                check(where + " type parameter " + variable.getName(), variable);
            }
        }

        void check(String where, Type type) {
            if (type == null || !seen.add(type)) {
                return;
            }
            if (type instanceof Class<?> raw) {
                checkClass(where, raw);
            } else if (type instanceof ParameterizedType parameterized) {
                check(where, parameterized.getRawType());
                check(where, parameterized.getOwnerType());
                for (Type argument : parameterized.getActualTypeArguments()) {
                    check(where, argument);
                }
            } else if (type instanceof GenericArrayType array) {
                check(where, array.getGenericComponentType());
            } else if (type instanceof WildcardType wildcard) {
                Stream.concat(Arrays.stream(wildcard.getUpperBounds()), Arrays.stream(wildcard.getLowerBounds()))
                        .forEach(bound -> check(where, bound));
            } else if (type instanceof TypeVariable<?> variable) {
                for (Type bound : variable.getBounds()) {
                    check(where, bound);
                }
            }
        }

        private void checkClass(String where, Class<?> type) {
            while (type.isArray()) {
                type = type.getComponentType();
            }
            if (type.isPrimitive()) {
                return;
            }
            Module module = type.getModule();
            if (module.isNamed() && module.getName().startsWith("java.")) {
                return;   // the JDK's (a user module reads java.base; other java.* modules it requires itself)
            }
            if (transitive.contains(type.getPackageName())) {
                return;   // a module that requires dev.tideway reads it too
            }
            if (exported.contains(type.getPackageName()) && reachable(type)) {
                return;
            }
            leaks.add(owner.getName() + ": " + where + " " + type.getName());
        }
    }

    private static Path[] classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(Path::of).filter(Files::exists).toArray(Path[]::new);
    }

    private static Path classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static ModuleDescriptor descriptor() {
        try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        } catch (IOException e) {
            throw new AssertionError("no module-info.class in " + CLASSES, e);
        }
    }
}
