package dev.tideway.internal.engine.identity;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.ClassNode;

/**
 * The canonical text of the methods of one class file, for {@link FunctionIdentity}: each
 * instruction's opcode and operands, with constants written out and references resolved (a class, a
 * field or a method by name and descriptor, not by constant-pool index), branch targets as the
 * order of their labels, and no line numbers, frames or local variable names. A call of another
 * method of the same class, and a lambda it creates there, is written as that method's own text
 * (once; a recursive call by name), so that javac's renumbering of {@code lambda$build$3} after an
 * edit elsewhere does not count as a change.
 *
 * <p>Not thread-safe; one per class file read.
 */
final class MethodBodyText {
    private final ClassNode owner;
    private final Map<String, MethodNode> methods = new HashMap<>();
    private final Map<String, String> texts = new HashMap<>();
    private final Set<String> inProgress = new HashSet<>();

    MethodBodyText(ClassNode owner) {
        this.owner = owner;
        for (MethodNode method : owner.methods) {
            methods.put(method.name + method.desc, method);
        }
    }

    /** The text of a method of this class. */
    String body(MethodNode method) {
        String key = method.name + method.desc;
        String done = texts.get(key);
        if (done != null) {
            return done;
        }
        if (!inProgress.add(key)) {
            return "recursive " + key;
        }
        String text = write(method);
        inProgress.remove(key);
        texts.put(key, text);
        return text;
    }

    /** A method handle: the text of its method when it is one of this class's, else its reference. */
    String handle(Handle handle) {
        MethodNode target = handle.getOwner().equals(owner.name) ? methods.get(handle.getName() + handle.getDesc()) : null;
        if (target != null) {
            return "{" + body(target) + "}";
        }
        return "ref " + handle.getTag() + " " + handle.getOwner() + "." + handle.getName() + handle.getDesc();
    }

    private String write(MethodNode method) {
        Map<LabelNode, Integer> labels = new HashMap<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof LabelNode label) {
                labels.put(label, labels.size());
            }
        }
        StringBuilder text = new StringBuilder();
        text.append("access ").append(method.access & ~0x1000).append(';');   // synthetic or not is javac's choice
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            text.append("try ").append(labels.get(block.start)).append(' ').append(labels.get(block.end)).append(' ')
                    .append(labels.get(block.handler)).append(' ').append(block.type).append(';');
        }
        for (AbstractInsnNode insn : method.instructions) {
            int opcode = insn.getOpcode();
            if (insn instanceof LabelNode label) {
                text.append('L').append(labels.get(label)).append(':');
                continue;
            }
            if (opcode < 0) {
                continue;   // line numbers and frames (skipped when read anyway)
            }
            text.append(opcode);
            if (insn instanceof IntInsnNode node) {
                text.append(' ').append(node.operand);
            } else if (insn instanceof VarInsnNode node) {
                text.append(' ').append(node.var);
            } else if (insn instanceof TypeInsnNode node) {
                text.append(' ').append(node.desc);
            } else if (insn instanceof FieldInsnNode node) {
                text.append(' ').append(node.owner).append('.').append(node.name).append(' ').append(node.desc);
            } else if (insn instanceof MethodInsnNode node) {
                MethodNode target = node.owner.equals(owner.name) ? methods.get(node.name + node.desc) : null;
                text.append(' ').append(node.owner).append('.');
                if (target != null) {
                    // a method of this class: by its body, so renaming a private helper (or javac renumbering a lambda) is no change
                    text.append(node.desc).append(" {").append(body(target)).append('}');
                } else {
                    text.append(node.name).append(node.desc);
                }
            } else if (insn instanceof InvokeDynamicInsnNode node) {
                text.append(' ').append(node.name).append(node.desc).append(" bsm ").append(handle(node.bsm));
                for (Object argument : node.bsmArgs) {
                    text.append(' ').append(constant(argument));
                }
            } else if (insn instanceof JumpInsnNode node) {
                text.append(" L").append(labels.get(node.label));
            } else if (insn instanceof LdcInsnNode node) {
                text.append(' ').append(constant(node.cst));
            } else if (insn instanceof IincInsnNode node) {
                text.append(' ').append(node.var).append(' ').append(node.incr);
            } else if (insn instanceof TableSwitchInsnNode node) {
                text.append(' ').append(node.min).append(' ').append(node.max).append(" L").append(labels.get(node.dflt));
                node.labels.forEach(label -> text.append(" L").append(labels.get(label)));
            } else if (insn instanceof LookupSwitchInsnNode node) {
                text.append(" L").append(labels.get(node.dflt));
                for (int i = 0; i < node.keys.size(); i++) {
                    text.append(' ').append(node.keys.get(i)).append(" L").append(labels.get(node.labels.get(i)));
                }
            } else if (insn instanceof MultiANewArrayInsnNode node) {
                text.append(' ').append(node.desc).append(' ').append(node.dims);
            }
            text.append(';');
        }
        return text.toString();
    }

    private String constant(Object value) {
        if (value instanceof String string) {
            return "s" + Canonical.quote(string);
        }
        if (value instanceof Type type) {
            return "t" + type.getDescriptor();
        }
        if (value instanceof Handle handle) {
            return "h" + handle(handle);
        }
        return value.getClass().getSimpleName() + " " + value;
    }
}
