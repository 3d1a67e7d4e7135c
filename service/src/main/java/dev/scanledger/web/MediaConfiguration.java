package dev.scanledger.web;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Serves stored uploads back at /media/, as Django's MEDIA_URL. */
@Configuration(proxyBeanMethods = false)
class MediaConfiguration implements WebMvcConfigurer {

    private final Path mediaRoot;

    MediaConfiguration(@Value("${scanledger.media.dir}") String mediaDir) {
        this.mediaRoot = Path.of(mediaDir).toAbsolutePath();
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/media/**").addResourceLocations(mediaRoot.toUri().toString() + "/");
    }
}
