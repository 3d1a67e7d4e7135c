package dev.scanledger.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What DRF would say of the view behind an API handler method: its name and description (OPTIONS, the browsable
 * page), whether it renders HTML as well as JSON, whether DefaultRouter's format suffixes reach it, and the
 * serializer whose fields OPTIONS lists under {@code actions}. Every handler of one path must agree; the path's
 * methods come from the mappings themselves (see {@link DrfRoutes}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface DrfView {

    /** DRF's get_view_name(): "Scan List", "Scan Instance", ... */
    String name();

    String description() default "";

    /** False for a view with only JSONRenderer (obtain_auth_token): no HTML page, no {@code Vary: Accept}. */
    boolean browsable() default true;

    /** False for a view mounted outside DefaultRouter, which gives no {@code .json} suffix. */
    boolean formatSuffix() default true;

    /** The parsers' media types in the view's order; empty means DRF's defaults. */
    String[] parses() default {};

    /** The serializer of its POST and PUT, for OPTIONS; {@link SerializerInfo.None} when it has none. */
    Class<? extends SerializerInfo> serializer() default SerializerInfo.None.class;
}
