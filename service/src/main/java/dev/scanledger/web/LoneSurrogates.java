package dev.scanledger.web;

import java.lang.reflect.Type;
import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.databind.JsonNode;

/**
 * JSON may spell a lone UTF-16 surrogate ({@code "\ud800"}), which is no character: UTF-8 cannot encode
 * it and PostgreSQL stored it as "?". Every JSON body is refused with 400 naming the field that holds
 * one, before any handler reads it (the original answered 500 when its driver failed to encode it).
 */
@ControllerAdvice
class LoneSurrogates extends RequestBodyAdviceAdapter {

    static final String MESSAGE = "Invalid Unicode: a lone UTF-16 surrogate is not a character.";

    @Override
    public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return JsonNode.class.isAssignableFrom(parameter.getParameterType());
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        if (body instanceof JsonNode node) {
            String field = fieldWithLoneSurrogate(node, null);
            if (field != null) {
                throw FieldErrors.single(field, MESSAGE);
            }
        }
        return body;
    }

    /** The top-level field (or item of a top-level array) holding a lone surrogate anywhere inside, or null. */
    static String fieldWithLoneSurrogate(JsonNode node, String field) {
        String here = field == null ? FieldErrors.NON_FIELD_ERRORS : field;
        if (node.isString()) {
            return hasLoneSurrogate(node.stringValue()) ? here : null;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                String name = field == null ? entry.getKey() : field;
                if (hasLoneSurrogate(entry.getKey())) {
                    return field == null ? FieldErrors.NON_FIELD_ERRORS : field;
                }
                String found = fieldWithLoneSurrogate(entry.getValue(), name);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                String found = fieldWithLoneSurrogate(element, here);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return true;
            }
            if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
