package dev.tideway.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks every class the Tideway processor generates. Its name contains "Generated" and it is kept in
 * class files, so coverage tools (JaCoCo) leave generated code out of their reports.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface TidewayGenerated {}
