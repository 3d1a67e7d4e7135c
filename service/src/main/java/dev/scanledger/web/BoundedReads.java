package dev.scanledger.web;

import dev.scanledger.db.BoundedWork;
import dev.scanledger.db.WorkKind;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.AsyncHandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every read has a time limit too: a GET of the API or of a console page runs in one read-only
 * transaction with the {@code read} or {@code console-page} statement and lock timeouts, in that kind's
 * lane, from its handler to the end of its rendering. A list waiting on a table an operator's DDL holds
 * answers 503 with Retry-After after its lock_timeout instead of waiting as long as the DDL. Writes keep
 * the limits of their own kind (create, batch, import), set where they run; the console's live feed is
 * a stream, not a read.
 */
@Configuration(proxyBeanMethods = false)
class BoundedReads implements WebMvcConfigurer {

    private static final String OPEN_READ = BoundedReads.class.getName() + ".read";

    private final BoundedWork work;

    BoundedReads(BoundedWork work) {
        this.work = work;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new Limits(work, WorkKind.READ)).addPathPatterns("/api/**")
                .excludePathPatterns("/api/", "/api/schema/**", "/api/docs/**");
        registry.addInterceptor(new Limits(work, WorkKind.CONSOLE_PAGE)).addPathPatterns("/console/**")
                .excludePathPatterns("/console/live", "/console/login", "/console/assets/**");
    }

    private record Limits(BoundedWork work, WorkKind kind) implements AsyncHandlerInterceptor {

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
            if (read && handler instanceof HandlerMethod && request.getAttribute(OPEN_READ) == null) {
                request.setAttribute(OPEN_READ, work.openRead(kind));
            }
            return true;
        }

        @Override
        public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
            close(request);
        }

        @Override
        public void afterConcurrentHandlingStarted(HttpServletRequest request, HttpServletResponse response, Object handler) {
            close(request);
        }

        private static void close(HttpServletRequest request) {
            if (request.getAttribute(OPEN_READ) instanceof BoundedWork.Reading reading) {
                request.removeAttribute(OPEN_READ);
                reading.close();
            }
        }
    }
}
