package dev.scanledger.console;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The console's own assets and htmx (from its webjar), served by the service: no CDN, no network. */
@Configuration(proxyBeanMethods = false)
class ConsoleWeb implements WebMvcConfigurer {

    private final String htmxVersion;
    private final String sseVersion;

    ConsoleWeb(@Value("${scanledger.console.htmx-version}") String htmxVersion,
            @Value("${scanledger.console.htmx-ext-sse-version}") String sseVersion) {
        this.htmxVersion = htmxVersion;
        this.sseVersion = sseVersion;
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/console/assets/htmx-ext-sse/**")
                .addResourceLocations("classpath:/META-INF/resources/webjars/htmx-ext-sse/" + sseVersion + "/");
        registry.addResourceHandler("/console/assets/htmx/**")
                .addResourceLocations("classpath:/META-INF/resources/webjars/htmx.org/" + htmxVersion + "/dist/");
        registry.addResourceHandler("/console/assets/**").addResourceLocations("classpath:/console/assets/");
    }
}
