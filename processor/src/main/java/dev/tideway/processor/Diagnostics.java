package dev.tideway.processor;

import java.io.PrintWriter;
import java.io.StringWriter;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/** Reports {@link Message}s as compile errors on the element (and annotation value) at fault. */
public final class Diagnostics {
    private final Messager messager;

    public Diagnostics(Messager messager) {
        this.messager = messager;
    }

    public void error(Element element, Message message, Object... args) {
        messager.printMessage(Diagnostic.Kind.ERROR, message.format(args), element);
    }

    /** An error pointing at an annotation's value, where javac can show it; on the element otherwise. */
    public void error(Element element, AnnotationMirror annotation, AnnotationValue value, Message message, Object... args) {
        if (annotation == null) {
            error(element, message, args);
        } else if (value == null) {
            messager.printMessage(Diagnostic.Kind.ERROR, message.format(args), element, annotation);
        } else {
            messager.printMessage(Diagnostic.Kind.ERROR, message.format(args), element, annotation, value);
        }
    }

    /** An exception the processor did not expect, reported on the element with its stack trace. */
    public void unexpected(Element element, Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        error(element, Message.UNEXPECTED_ERROR, element, trace);
    }
}
