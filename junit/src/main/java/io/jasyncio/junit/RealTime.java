package io.jasyncio.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated test (or every test of the annotated class) on the system clock instead
 * of virtual time: {@code sleep(1)} then takes a real second. For tests of real I/O or of
 * threads outside the loop, whose timing a virtual clock cannot follow.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RealTime {}
