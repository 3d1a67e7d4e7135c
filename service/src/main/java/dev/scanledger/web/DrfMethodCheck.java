package dev.scanledger.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * DRF answers a method its view lacks with 405 once the view has authenticated the caller, whatever a more general
 * pattern might take: GET on {@code /api/scans/batch/} is 405, not the scan with id "batch".
 */
@Configuration(proxyBeanMethods = false)
class DrfMethodCheck implements WebMvcConfigurer, HandlerInterceptor {

    private final DrfRoutes routes;

    DrfMethodCheck(DrfRoutes routes) {
        this.routes = routes;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        var route = routes.match(path);
        if (route.isPresent() && !route.get().allows(request.getMethod())) {
            throw new HttpRequestMethodNotSupportedException(request.getMethod());
        }
        return true;
    }
}
