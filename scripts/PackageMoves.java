import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Applies docs/package-moves.txt to Java sources: rewrites package declarations, imports and
 * fully-qualified names (code and Javadoc) from the old packages to the new ones, renames a class
 * where a rule renames it, adds the imports that a split package makes necessary (two classes that
 * shared a package and no longer do), drops imports of the file's own new package, and with
 * {@code --move} moves each file whose package changed to the folder of its new package under the
 * same source root ({@code git mv} inside a git work tree).
 *
 * <p>Run by scripts/apply-package-moves.sh; a single-file program ({@code java PackageMoves.java}),
 * so it needs nothing but a JDK. Usage:
 * <pre>
 * java scripts/PackageMoves.java MAPPING [--move] [--dry-run] [--classes-from ROOT] DIR...
 * </pre>
 * {@code --classes-from ROOT} names a source tree (default: none) whose classes tell which classes
 * stayed in a package that was split, so that a file moved out of that package imports them.
 */
public class PackageMoves {
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])((?:[a-z_][a-z0-9_]*\\.)+)([A-Z][A-Za-z0-9_]*)");
    private static final Pattern PACKAGE_LINE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    private static final Pattern IMPORT_LINE = Pattern.compile("(?m)^import\\s+(static\\s+)?([\\w.]+)(\\.\\*)?\\s*;[ \\t]*\\r?\\n?");
    private static final Pattern PACKAGE_LINK = Pattern.compile("(\\{@link(?:plain)?\\s+|@see\\s+)([a-z_][a-z0-9_]*(?:\\.[a-z_][a-z0-9_]*)+)(?=[\\s}])");
    private static final Pattern JAVADOC_REFERENCE = Pattern.compile("(?:\\{@link(?:plain)?|@see|@throws|@exception)\\s+([A-Z][A-Za-z0-9_]*)");
    private static final Pattern COMMENT_OR_STRING = Pattern.compile(
            "//[^\\n]*|/\\*.*?\\*/|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'", Pattern.DOTALL);

    private final Map<String, String> classRules = new LinkedHashMap<>();
    private final List<String[]> packageRules = new ArrayList<>();
    /** Old package -> simple names of the classes it held (from the rules, the files and --classes-from). */
    private final Map<String, Set<String>> oldMembers = new TreeMap<>();
    private final boolean move;
    private final boolean dryRun;
    private int changed;
    private int moved;
    private final List<String> warnings = new ArrayList<>();

    private PackageMoves(Path mapping, boolean move, boolean dryRun) throws IOException {
        this.move = move;
        this.dryRun = dryRun;
        int number = 0;
        for (String line : Files.readAllLines(mapping, StandardCharsets.UTF_8)) {
            number++;
            String rule = line.strip();
            if (rule.isEmpty() || rule.startsWith("#")) {
                continue;
            }
            String[] sides = rule.split("\\s*->\\s*");
            if (sides.length != 2 || !sides[0].matches("[\\w.]+") || !sides[1].matches("[\\w.]+")) {
                throw new IllegalArgumentException(mapping + ", line " + number + ": expected 'old -> new', found: " + line);
            }
            if (isClass(sides[0]) != isClass(sides[1])) {
                throw new IllegalArgumentException(mapping + ", line " + number + ": a class moves to a class and a package"
                        + " to a package: " + line);
            }
            if (isClass(sides[0])) {
                classRules.put(sides[0], sides[1]);
                member(packageOf(sides[0]), simpleName(sides[0]));
            } else {
                packageRules.add(sides);
            }
        }
        packageRules.sort(Comparator.comparingInt((String[] rule) -> rule[0].length()).reversed());
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java PackageMoves.java MAPPING [--move] [--dry-run] [--classes-from ROOT] DIR...");
            System.exit(2);
        }
        boolean move = false;
        boolean dryRun = false;
        List<Path> classRoots = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--move" -> move = true;
                case "--dry-run" -> dryRun = true;
                case "--classes-from" -> classRoots.add(Path.of(args[++i]));
                default -> dirs.add(Path.of(args[i]));
            }
        }
        PackageMoves moves = new PackageMoves(Path.of(args[0]), move, dryRun);
        List<Path> files = new ArrayList<>();
        for (Path dir : dirs) {
            files.addAll(javaFiles(dir));
        }
        for (Path root : classRoots) {
            moves.learnClasses(javaFiles(root));
        }
        moves.learnClasses(files);
        for (Path file : files) {
            moves.apply(file);
        }
        moves.warnings.forEach(warning -> System.err.println("warning: " + warning));
        System.out.println(moves.changed + " file(s) rewritten, " + moves.moved + " moved" + (dryRun ? " (dry run: nothing written)" : ""));
    }

    private static List<Path> javaFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(path -> path.toString().endsWith(".java") && Files.isRegularFile(path))
                    .filter(path -> !path.toString().contains("/target/") && !path.toString().contains("/.git/"))
                    .sorted().toList();
        }
    }

    /** Records which simple names each package holds, as the files declare them. */
    private void learnClasses(List<Path> files) {
        for (Path file : files) {
            String pkg = declaredPackage(read(file));
            String name = file.getFileName().toString().replaceFirst("\\.java$", "");
            if (pkg != null && !name.equals("package-info") && !name.equals("module-info")) {
                member(pkg, name);
            }
        }
    }

    private void member(String pkg, String name) {
        oldMembers.computeIfAbsent(pkg, p -> new LinkedHashSet<>()).add(name);
    }

    private void apply(Path file) throws IOException {
        String text = read(file);
        String oldPackage = declaredPackage(text);
        if (oldPackage == null) {
            return;
        }
        String self = file.getFileName().toString().replaceFirst("\\.java$", "");
        String newPackage = packageOf(mapClass(oldPackage + "." + self));
        String newSelf = simpleName(mapClass(oldPackage + "." + self));

        Map<String, String> renames = new LinkedHashMap<>();
        String result = rewriteQualifiedNames(text, renames);
        result = rewritePackageLinks(result);
        result = PACKAGE_LINE.matcher(result).replaceFirst("package " + Matcher.quoteReplacement(newPackage) + ";");
        if (!newSelf.equals(self)) {
            renames.put(self, newSelf);
        }
        // a class of the old package referred to by its simple name: renamed with it, imported when it is elsewhere now
        Set<String> used = usedSimpleNames(result);
        Set<String> imports = new LinkedHashSet<>();
        for (String member : oldMembers.getOrDefault(oldPackage, Set.of())) {
            if (member.equals(self) || !used.contains(member)) {
                continue;
            }
            String target = mapClass(oldPackage + "." + member);
            if (!simpleName(target).equals(member)) {
                renames.put(member, simpleName(target));
            }
            if (!packageOf(target).equals(newPackage)) {
                imports.add(target);
            }
        }
        for (Map.Entry<String, String> rename : renames.entrySet()) {
            result = renameSimpleName(result, rename.getKey(), rename.getValue());
        }
        result = fixImports(result, newPackage, imports, file);

        Path destination = file;
        if (!newPackage.equals(oldPackage) || !newSelf.equals(self)) {
            destination = destination(file, oldPackage, self, newPackage, newSelf);
        }
        boolean relocate = move && !destination.equals(file);
        if (result.equals(text) && !relocate) {
            return;
        }
        changed++;
        if (!newPackage.equals(oldPackage) && !move) {
            warnings.add(file + " is now in package " + newPackage + "; move it (or run with --move)");
        }
        if (dryRun) {
            System.out.println((relocate ? "move " + file + " -> " + destination : "rewrite " + file));
            return;
        }
        if (relocate) {
            moveFile(file, destination);
            moved++;
        }
        Files.writeString(relocate ? destination : file, result, StandardCharsets.UTF_8);
    }

    /** Rewrites every {@code pkg.Class} whose class moved; remembers simple-name renames of imported classes. */
    private String rewriteQualifiedNames(String text, Map<String, String> renames) {
        Matcher matcher = QUALIFIED.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String pkg = matcher.group(1).substring(0, matcher.group(1).length() - 1);
            String name = matcher.group(2);
            String target = mapClass(pkg + "." + name);
            String replacement = matcher.group();
            if (!target.equals(pkg + "." + name)) {
                replacement = target;
                if (!simpleName(target).equals(name) && isImport(text, matcher.start())) {
                    renames.put(name, simpleName(target));
                }
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** {@code {@link some.package}} and {@code @see some.package}, and wildcard imports of a package. */
    private String rewritePackageLinks(String text) {
        Matcher links = PACKAGE_LINK.matcher(text);
        StringBuilder out = new StringBuilder();
        while (links.find()) {
            links.appendReplacement(out, Matcher.quoteReplacement(links.group(1) + mapPackage(links.group(2))));
        }
        links.appendTail(out);
        Matcher imports = Pattern.compile("(?m)^import\\s+([a-z_][\\w.]*)\\.\\*\\s*;").matcher(out.toString());
        StringBuilder result = new StringBuilder();
        while (imports.find()) {
            String pkg = imports.group(1);
            String target = mapPackage(pkg);
            if (classRules.keySet().stream().anyMatch(rule -> packageOf(rule).equals(pkg))) {
                warnings.add("import " + pkg + ".* of a package that was split: check the classes it imports");
            }
            imports.appendReplacement(result, Matcher.quoteReplacement("import " + target + ".*;"));
        }
        imports.appendTail(result);
        return result.toString();
    }

    private static boolean isImport(String text, int at) {
        int lineStart = text.lastIndexOf('\n', at) + 1;
        return text.startsWith("import", lineStart);
    }

    /** The simple names used in code and in Javadoc references, outside strings, imports and the package line. */
    private static Set<String> usedSimpleNames(String text) {
        StringBuilder code = new StringBuilder();
        Matcher matcher = COMMENT_OR_STRING.matcher(text);
        int last = 0;
        while (matcher.find()) {
            code.append(text, last, matcher.start()).append(' ');
            String skipped = matcher.group();
            if (skipped.startsWith("/*")) {
                Matcher references = JAVADOC_REFERENCE.matcher(skipped);
                while (references.find()) {
                    code.append(references.group(1)).append(' ');
                }
            }
            last = matcher.end();
        }
        code.append(text.substring(last));
        String body = IMPORT_LINE.matcher(PACKAGE_LINE.matcher(code).replaceAll("")).replaceAll("");
        Set<String> names = new LinkedHashSet<>();
        Matcher identifiers = Pattern.compile("(?<![\\w.$])[A-Z][A-Za-z0-9_]*").matcher(body);
        while (identifiers.find()) {
            names.add(identifiers.group());
        }
        return names;
    }

    /** Replaces a simple class name outside strings and outside qualified names of other classes. */
    private static String renameSimpleName(String text, String from, String to) {
        Pattern name = Pattern.compile("(?<![\\w$])" + Pattern.quote(from) + "(?![\\w$])");
        StringBuilder out = new StringBuilder();
        Matcher pieces = COMMENT_OR_STRING.matcher(text);
        int last = 0;
        while (pieces.find()) {
            out.append(name.matcher(text.substring(last, pieces.start())).replaceAll(Matcher.quoteReplacement(to)));
            String piece = pieces.group();
            out.append(piece.startsWith("/") ? name.matcher(piece).replaceAll(Matcher.quoteReplacement(to)) : piece);
            last = pieces.end();
        }
        out.append(name.matcher(text.substring(last)).replaceAll(Matcher.quoteReplacement(to)));
        return out.toString();
    }

    /** Drops imports of the file's own package and duplicates; adds {@code needed} after the last import. */
    private String fixImports(String text, String ownPackage, Set<String> needed, Path file) {
        Matcher matcher = IMPORT_LINE.matcher(text);
        StringBuilder out = new StringBuilder();
        Set<String> seen = new LinkedHashSet<>();
        Map<String, String> importedBySimpleName = new LinkedHashMap<>();
        int lastImportEnd = -1;
        while (matcher.find()) {
            boolean isStatic = matcher.group(1) != null;
            String name = matcher.group(2);
            boolean wildcard = matcher.group(3) != null;
            String key = (isStatic ? "static " : "") + name + (wildcard ? ".*" : "");
            boolean ownClass = !isStatic && !wildcard && packageOf(name).equals(ownPackage);
            boolean drop = ownClass || !seen.add(key);
            if (!isStatic && !wildcard) {
                importedBySimpleName.put(simpleName(name), name);
            }
            matcher.appendReplacement(out, drop ? "" : Matcher.quoteReplacement(matcher.group()));
            lastImportEnd = out.length();
        }
        matcher.appendTail(out);
        StringBuilder additions = new StringBuilder();
        for (String target : needed) {
            String other = importedBySimpleName.get(simpleName(target));
            if (other != null && !other.equals(target)) {
                warnings.add(file + ": needs " + target + " but imports " + other + " of the same name; resolve by hand");
                continue;
            }
            if (other == null) {
                additions.append("import ").append(target).append(";\n");
            }
        }
        if (additions.length() == 0) {
            return out.toString();
        }
        if (lastImportEnd < 0) {
            Matcher pkg = PACKAGE_LINE.matcher(out);
            if (!pkg.find()) {
                return out.toString();
            }
            lastImportEnd = pkg.end();
            additions.insert(0, "\n\n");
            out.insert(lastImportEnd, additions.toString().replaceFirst("\\n$", ""));
            return out.toString();
        }
        // lastImportEnd is just past the newline of the last import
        out.insert(lastImportEnd, additions);
        return out.toString();
    }

    private Path destination(Path file, String oldPackage, String self, String newPackage, String newSelf) {
        Path folder = file.getParent();
        Path packageFolder = Path.of(oldPackage.replace('.', '/'));
        if (!folder.endsWith(packageFolder)) {
            warnings.add(file + " is not in the folder of its package " + oldPackage + "; not moved");
            return file;
        }
        Path root = folder;
        for (int i = 0; i < packageFolder.getNameCount(); i++) {
            root = root.getParent();
        }
        Path base = root == null ? Path.of("") : root;
        return base.resolve(newPackage.replace('.', '/')).resolve(newSelf + ".java");
    }

    private static void moveFile(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        if (Files.exists(to)) {
            throw new IOException("cannot move " + from + " to " + to + ": a file is there");
        }
        Process git = new ProcessBuilder("git", "mv", from.toString(), to.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (git.waitFor() == 0) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        Files.move(from, to);   // not in a git work tree, or not tracked
    }

    String mapClass(String qualified) {
        String explicit = classRules.get(qualified);
        if (explicit != null) {
            return explicit;
        }
        return mapPackage(packageOf(qualified)) + "." + simpleName(qualified);
    }

    String mapPackage(String pkg) {
        for (String[] rule : packageRules) {
            if (pkg.equals(rule[0]) || pkg.startsWith(rule[0] + ".")) {
                return rule[1] + pkg.substring(rule[0].length());
            }
        }
        return pkg;
    }

    private static String declaredPackage(String text) {
        Matcher matcher = PACKAGE_LINE.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static boolean isClass(String name) {
        return Character.isUpperCase(simpleName(name).charAt(0));
    }

    private static String packageOf(String qualified) {
        int dot = qualified.lastIndexOf('.');
        return dot < 0 ? "" : qualified.substring(0, dot);
    }

    private static String simpleName(String qualified) {
        return qualified.substring(qualified.lastIndexOf('.') + 1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
